package dev.riffle.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmTotalsTest {
    private static ViewerSnapshot viewer(int n, ViewerState state, long startup, int stalls, long peer, long cdn) {
        return new ViewerSnapshot(
                n,
                "viewer-0" + n,
                state,
                "cP",
                2,
                2,
                startup,
                0,
                stalls,
                10L * stalls,
                peer,
                cdn,
                peer / 2,
                1,
                200,
                null,
                null,
                null,
                -1,
                -1);
    }

    @Test
    void sumsBytesAndStallsAndComputesTheOffloadOfAllBytes() {
        var t = SwarmTotals.of(List.of(
                viewer(1, ViewerState.DONE, 100, 0, 0, 1000),
                viewer(2, ViewerState.DONE, 300, 2, 3000, 0),
                viewer(3, ViewerState.FAILED, -1, 1, 0, 0)));
        assertThat(t.viewers()).isEqualTo(3);
        assertThat(t.finished()).isEqualTo(2);
        assertThat(t.failed()).isEqualTo(1);
        assertThat(t.p2pBytes()).isEqualTo(3000);
        assertThat(t.cdnBytes()).isEqualTo(1000);
        assertThat(t.offloadRatio()).isEqualTo(0.75);
        assertThat(t.stalls()).isEqualTo(3);
        assertThat(t.stallMs()).isEqualTo(30);
    }

    @Test
    void startupPercentilesAreNearestRankOverViewersThatStarted() {
        long[] sorted = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000};
        assertThat(SwarmTotals.percentile(sorted, 50)).isEqualTo(500);
        assertThat(SwarmTotals.percentile(sorted, 95)).isEqualTo(1000);
        assertThat(SwarmTotals.percentile(new long[] {42}, 95)).isEqualTo(42);
        assertThat(SwarmTotals.percentile(new long[0], 50)).isEqualTo(-1);
        var t = SwarmTotals.of(
                List.of(viewer(1, ViewerState.DONE, 300, 0, 0, 1), viewer(2, ViewerState.JOINING, -1, 0, 0, 0)));
        assertThat(t.startupMsP50()).isEqualTo(300);
        assertThat(t.startupMsP95()).isEqualTo(300);
    }

    @Test
    void noBytesIsNoOffload() {
        assertThat(SwarmTotals.of(List.of()).offloadRatio()).isZero();
    }
}
