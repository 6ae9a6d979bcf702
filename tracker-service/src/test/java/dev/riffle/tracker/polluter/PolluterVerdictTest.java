package dev.riffle.tracker.polluter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolluterVerdictTest {
    private static final PolluterVerdict THREE = new PolluterVerdict(3, Duration.ofHours(1));
    private static final long NOW = 10_000_000L;

    @Test
    void threeDistinctAccountsExcludeAPeerAndTwoDoNot() {
        assertThat(THREE.excludes(Map.of("a", NOW, "b", NOW - 1000), NOW)).isFalse();
        assertThat(THREE.excludes(Map.of("a", NOW, "b", NOW - 1000, "c", NOW - 2000), NOW))
                .isTrue();
        assertThat(THREE.agreeing(Map.of("a", NOW, "b", NOW - 1000, "c", NOW - 2000), NOW))
                .isEqualTo(3);
    }

    @Test
    void oneAccountAloneCannotExcludeAPeerHoweverOftenItReports() {
        // the store keeps one entry per account: a thousand reports by one account are one entry
        var ledger = new InMemoryPolluterStore(10);
        Map<String, Long> byAccount = Map.of();
        for (int i = 0; i < 1000; i++) {
            byAccount = ledger.record(
                            "honest.0", "mallory", NOW + i, Duration.ofHours(1).toMillis())
                    .toCompletableFuture()
                    .join();
        }
        assertThat(byAccount).hasSize(1);
        assertThat(THREE.excludes(byAccount, NOW + 1000)).isFalse();
    }

    @Test
    void reportsOlderThanTheirLifetimeNoLongerCount() {
        long hour = Duration.ofHours(1).toMillis();
        var reports = Map.of("a", NOW - hour, "b", NOW - 10, "c", NOW - 20);
        assertThat(THREE.agreeing(reports, NOW)).isEqualTo(2);
        assertThat(THREE.excludes(reports, NOW)).isFalse();
        assertThat(THREE.excludedUntil(NOW)).isEqualTo(NOW + hour);
    }

    @Test
    void aReportFromTheFutureDoesNotCount() {
        assertThat(THREE.agreeing(Map.of("a", NOW + 5, "b", NOW, "c", NOW), NOW))
                .isEqualTo(2);
    }

    @Test
    void aThresholdOfOneWouldLetOneAccountDecideAndIsRefused() {
        assertThatThrownBy(() -> new PolluterVerdict(1, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PolluterVerdict(3, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
