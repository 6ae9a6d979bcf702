package dev.riffle.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.e2e.platform.SwarmTotals;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {
    private static final List<ViewerSnapshot> VIEWERS = List.of(
            new ViewerSnapshot(
                    1,
                    "viewer-01",
                    ViewerState.DONE,
                    "cccc",
                    4,
                    4,
                    812,
                    0,
                    0,
                    0,
                    0,
                    4_000_000,
                    3_000_000,
                    2,
                    200,
                    null,
                    null,
                    null,
                    -1,
                    -1),
            new ViewerSnapshot(
                    2,
                    "viewer-02",
                    ViewerState.PLAYING,
                    "cPP.",
                    3,
                    4,
                    420,
                    0,
                    1,
                    300,
                    2_000_000,
                    1_000_000,
                    0,
                    1,
                    200,
                    null,
                    null,
                    null,
                    -1,
                    -1));

    @Test
    void theTerminalBlockHasOneLinePerViewerWithItsBarAndASwarmLine() {
        var view = new LiveView(new PrintStream(new ByteArrayOutputStream()), true, "demo");
        List<String> lines = view.render(VIEWERS, SwarmTotals.of(VIEWERS), 12_345);
        assertThat(lines.get(0)).isEqualTo("demo   t=12s");
        assertThat(lines.get(1)).contains("viewer-01", "done", "[cccc]", "4/4", "812 ms", "offload    0%");
        assertThat(lines.get(2)).contains("viewer-02", "playing", "[cPP.]", "3/4", "stalls 1", "offload   67%");
        assertThat(lines.get(3)).contains("offload 29%", "P2P 2.0 MB", "CDN 5.0 MB", "stalls 1");
    }

    @Test
    void withoutATerminalFinishedViewersAreReportedOnceAndNoEscapeCodesAreWritten() {
        var bytes = new ByteArrayOutputStream();
        var view = new LiveView(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "demo");
        view.update(VIEWERS, SwarmTotals.of(VIEWERS), 0);
        view.update(VIEWERS, SwarmTotals.of(VIEWERS), 1_000);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("\033[");
        assertThat(out.split("viewer-01 done", -1)).hasSize(2);
        assertThat(out).contains("[t=0s] playing 1, done 1");
    }
}
