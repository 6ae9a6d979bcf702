package dev.riffle.agent.cdn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EdgeHealthTest {
    private final EdgeHealth health = new EdgeHealth(3, 2_000, 60_000);

    @Test
    void healthyEdgesAreAskedInTheOperatorsOrder() {
        assertThat(health.order(0)).containsExactly(0, 1, 2);
    }

    @Test
    void aFailedEdgeIsSkippedForItsBackOffAndAskedAgainAfter() {
        health.failed(0, 1_000);
        assertThat(health.order(1_000)).containsExactly(1, 2, 0);
        assertThat(health.order(2_999)).containsExactly(1, 2, 0);
        assertThat(health.order(3_000)).as("back-off over").containsExactly(0, 1, 2);
    }

    @Test
    void theBackOffDoublesWithEachFailureInARowUpToTheCapAndASuccessClearsIt() {
        long now = 0;
        long[] expected = {2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        for (long backoff : expected) {
            health.failed(1, now);
            assertThat(health.backedOff(1, now + backoff - 1)).isTrue();
            assertThat(health.backedOff(1, now + backoff)).isFalse();
            now += backoff;
        }
        health.succeeded(1);
        health.failed(1, now);
        assertThat(health.backedOff(1, now + 2_000))
                .as("back to the base after a success")
                .isFalse();
    }

    @Test
    void whenEveryEdgeFailedTheyAreStillAllTriedSoonestDueFirst() {
        health.failed(0, 0);
        health.failed(0, 2_000); // 4 s from 2 s: due at 6 s
        health.failed(1, 1_000); // due at 3 s
        health.failed(2, 1_500); // due at 3.5 s
        assertThat(health.order(2_500)).containsExactly(1, 2, 0);
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new EdgeHealth(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgeHealth(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgeHealth(1, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
