package dev.riffle.tracker.polluter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every {@link PolluterStore} does; each implementation's test runs it. */
abstract class PolluterStoreContract {
    static final long HOUR = 3_600_000L;
    static final long NOW = 1_800_000_000_000L;

    abstract PolluterStore store();

    private static <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().join();
    }

    @Test
    void eachAccountKeepsItsLatestReportOnly() {
        PolluterStore s = store();
        join(s.record("p.1", "a", NOW, HOUR));
        join(s.record("p.1", "a", NOW + 5, HOUR));
        Map<String, Long> byAccount = join(s.record("p.1", "b", NOW + 7, HOUR));
        assertThat(byAccount).isEqualTo(Map.of("a", NOW + 5, "b", NOW + 7));
    }

    @Test
    void reportsOlderThanTheirLifetimeAreForgotten() {
        PolluterStore s = store();
        join(s.record("p.2", "a", NOW, HOUR));
        assertThat(join(s.record("p.2", "b", NOW + HOUR + 1, HOUR))).containsOnlyKeys("b");
    }

    @Test
    void aPeerKeepsBoundedAccounts() {
        PolluterStore s = store();
        for (int i = 0; i < PolluterStore.MAX_ACCOUNTS_PER_PEER + 10; i++) join(s.record("p.3", "acct" + i, NOW, HOUR));
        assertThat(join(s.record("p.3", "late", NOW, HOUR))).hasSize(PolluterStore.MAX_ACCOUNTS_PER_PEER);
    }

    @Test
    void exclusionsLastUntilTheirEndAndAreNeverShortened() {
        PolluterStore s = store();
        join(s.exclude("p.4", NOW, NOW + 100));
        join(s.exclude("p.4", NOW, NOW + 50));
        assertThat(join(s.excluded(NOW + 60))).contains("p.4");
        assertThat(join(s.excluded(NOW + 100))).doesNotContain("p.4");
        assertThat(join(s.excluded(NOW))).isEqualTo(Set.of());
    }
}
