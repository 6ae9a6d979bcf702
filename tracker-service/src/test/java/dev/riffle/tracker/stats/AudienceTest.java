package dev.riffle.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AudienceTest {
    private final Audience audience = new Audience(75_000, 3);

    @Test
    void eachViewerCountsOnceWithItsNewestLatency() {
        audience.seen("final", "a", 4_000, 0);
        audience.seen("final", "a", 1_500, 30_000);
        audience.seen("final", "b", 2_500, 30_000);
        audience.seen("film", "c", -1, 30_000);
        var now = audience.now(31_000);
        assertThat(now.get("final")).isEqualTo(new Audience.Summary(2, OptionalLong.of(1_500), OptionalLong.of(2_500)));
        assertThat(now.get("film")).isEqualTo(new Audience.Summary(1, OptionalLong.empty(), OptionalLong.empty()));
    }

    @Test
    void aReportWithoutAReadingKeepsTheViewersLastOne() {
        audience.seen("final", "a", 2_000, 0);
        audience.seen("final", "a", -1, 10_000);
        assertThat(audience.now(10_000).get("final").latencyMsP50()).hasValue(2_000);
    }

    @Test
    void viewersSilentLongerThanTheWindowLeaveAndEmptyTitlesAreForgotten() {
        audience.seen("final", "a", 2_000, 0);
        audience.seen("final", "b", 3_000, 50_000);
        assertThat(audience.now(75_000).get("final").viewers()).isEqualTo(2);
        assertThat(audience.now(75_001).get("final").viewers()).isEqualTo(1);
        assertThat(audience.now(200_000)).isEmpty();
    }

    @Test
    void aTitleKeepsAtMostItsCapOfViewersTheLongestSilentDroppedFirst() {
        for (int i = 0; i < 5; i++) audience.seen("final", "v" + i, 1_000L * i, i);
        var s = audience.now(10);
        assertThat(s.get("final").viewers()).isEqualTo(3);
        // v2, v3, v4 remain: 2, 3 and 4 s
        assertThat(s.get("final").latencyMsP50()).hasValue(3_000);
        assertThat(s.get("final").latencyMsP95()).hasValue(4_000);
    }

    @Test
    void percentilesAreNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) sorted[i] = i + 1;
        assertThat(Audience.percentile(sorted, 0.5)).hasValue(50);
        assertThat(Audience.percentile(sorted, 0.95)).hasValue(95);
        assertThat(Audience.percentile(new long[] {7}, 0.95)).hasValue(7);
        assertThat(Audience.percentile(new long[0], 0.5)).isEmpty();
    }

    @Test
    void boundsMustBePositive() {
        assertThatThrownBy(() -> new Audience(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Audience(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
