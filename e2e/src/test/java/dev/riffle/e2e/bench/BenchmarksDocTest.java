package dev.riffle.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarksDocTest {
    private static final String H = "## e2e: swarm offload";

    @Test
    void replacesOnlyItsOwnSection() {
        String doc = "# Benchmarks\n\n## a\n\nA text\n\n" + H + "\n\n_Not yet measured._\n\n## z\n\nZ text\n";
        String out = BenchmarksDoc.replaceSection(doc, H, "new figures\n");
        assertThat(out).isEqualTo("# Benchmarks\n\n## a\n\nA text\n\n" + H + "\n\nnew figures\n\n## z\n\nZ text\n");
    }

    @Test
    void lastSectionRunsToTheEndOfTheFile() {
        String doc = "# B\n\n## a\n\nA\n\n" + H + "\n\n_Not yet measured._\n";
        assertThat(BenchmarksDoc.replaceSection(doc, H, "x")).isEqualTo("# B\n\n## a\n\nA\n\n" + H + "\n\nx\n");
    }

    @Test
    void aHeadingInsideACodeBlockDoesNotEndTheSection() {
        String doc = H + "\n\nold\n```\n## not a heading\n```\n## next\nkeep\n";
        assertThat(BenchmarksDoc.replaceSection(doc, H, "new")).isEqualTo(H + "\n\nnew\n\n## next\nkeep\n");
    }

    @Test
    void appendsTheSectionWhenMissingAndIsIdempotent() {
        String doc = "# B\n\n## a\n\nA\n";
        String once = BenchmarksDoc.replaceSection(doc, H, "x\n");
        assertThat(once).isEqualTo("# B\n\n## a\n\nA\n\n" + H + "\n\nx\n");
        assertThat(BenchmarksDoc.replaceSection(once, H, "x\n")).isEqualTo(once);
    }

    @Test
    void refusesAHeadingThatIsNotASection() {
        assertThatThrownBy(() -> BenchmarksDoc.replaceSection("", "e2e", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nearestRankPercentiles() {
        List<Long> xs = List.of(50L, 10L, 40L, 20L, 30L);
        assertThat(Percentiles.nearestRank(xs, 50)).isEqualTo(30);
        assertThat(Percentiles.nearestRank(xs, 95)).isEqualTo(50);
        assertThat(Percentiles.nearestRank(xs, 20)).isEqualTo(10);
        assertThat(Percentiles.nearestRank(List.of(), 50)).isEqualTo(-1);
    }

    @Test
    void targetsCompareWithTheCeilingAndTheBaseline() {
        var p2p = new RunResult(true, 10, 10, 870, 130, 200, 0, 0, List.of(100L, 110L), 30, 30, 1, 30);
        var base = new RunResult(false, 10, 10, 0, 1000, 1100, 2, 3.5, List.of(100L, 110L), 30, 300, 0, 30);
        var point = new SwarmPoint("flash", 10, p2p, base);
        assertThat(point.ceiling()).isEqualTo(0.9);
        assertThat(point.offloadMet()).as("0.87 >= 0.95 x 0.9").isTrue();
        assertThat(point.stallsMet()).isTrue();
        assertThat(point.startupMet()).as("p95 110 <= 110").isTrue();
        assertThat(point.cdnBytesSaved()).isEqualTo(870);
        assertThat(p2p.cdnRequestsPerSegment()).isEqualTo(1.0);

        var worse = new RunResult(true, 10, 10, 800, 200, 400, 3, 4, List.of(100L, 140L), 30, 60, 3, 30);
        var missed = new SwarmPoint("flash", 10, worse, base);
        assertThat(missed.offloadMet()).as("0.80 < 0.855").isFalse();
        assertThat(missed.stallsMet()).isFalse();
        assertThat(missed.startupMet()).as("p95 140 > 110").isFalse();
        assertThat(worse.cdnRequestsPerSegment()).isEqualTo(2.0);
    }
}
