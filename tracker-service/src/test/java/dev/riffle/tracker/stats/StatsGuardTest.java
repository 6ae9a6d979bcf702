package dev.riffle.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class StatsGuardTest {
    static final Instant T0 = Instant.parse("2026-12-01T20:00:00Z");
    static final long MB = 1_000_000;
    static final StatsGuard.Limits LIMITS = new StatsGuard.Limits(2, Duration.ofHours(1), 10 * MB, 20 * MB, 3, 1000);

    static StatsReport.Entry entry(String title, long peers, long cdn, long uploaded) {
        return new StatsReport.Entry(title, "720p", peers, cdn, uploaded, 0, Optional.empty(), Optional.empty());
    }

    static Map<String, StatsGuard.Holding> holds(String title, Instant started, long titleBytes) {
        return Map.of(title, new StatsGuard.Holding(started, OptionalLong.of(titleBytes)));
    }

    @Test
    void onlyTitlesWithALiveLicenseSessionCount() {
        StatsGuard g = new StatsGuard(LIMITS);
        assertThat(g.judge("a", entry("junk-1", 1, 1, 0), Map.of(), T0)).contains(StatsGuard.NO_SESSION);
        assertThat(g.judge("a", entry("real", 1, 1, 0), holds("real", T0, 500 * MB), T0))
                .isEmpty();
    }

    @Test
    void aTerabyteClaimIsImplausibleWhateverTheTitle() {
        StatsGuard g = new StatsGuard(LIMITS);
        Map<String, StatsGuard.Holding> held = holds("real", T0.minusSeconds(60), 500 * MB);
        assertThat(g.judge("a", entry("real", 1L << 40, 0, 0), held, T0)).contains(StatsGuard.IMPLAUSIBLE);
        assertThat(g.judge("a", entry("real", Long.MAX_VALUE, Long.MAX_VALUE, 0), held, T0))
                .contains(StatsGuard.IMPLAUSIBLE);
        assertThat(g.judge("a", entry("real", 0, 0, Long.MAX_VALUE), held, T0)).contains(StatsGuard.IMPLAUSIBLE);
        // the rejected claims used none of the budget
        assertThat(g.judge("a", entry("real", 300 * MB, 100 * MB, 0), held, T0)).isEmpty();
    }

    @Test
    void receivedBytesAreBoundByTimeElapsedAndByTheTitlesSize() {
        StatsGuard g = new StatsGuard(LIMITS);
        Map<String, StatsGuard.Holding> held = holds("real", T0, 100 * MB);
        // 10 s after the start: 10 MB/s × 10 s + 20 MB burst = 120 MB
        assertThat(g.judge("a", entry("real", 60 * MB, 60 * MB, 0), held, T0.plusSeconds(10)))
                .isEmpty();
        assertThat(g.judge("a", entry("real", 1, 0, 0), held, T0.plusSeconds(10)))
                .contains(StatsGuard.IMPLAUSIBLE);
        // an hour later the rate allows plenty, the size (3 passes of 100 MB) does not
        assertThat(g.judge("a", entry("real", 180 * MB, 0, 0), held, T0.plusSeconds(3600)))
                .isEmpty();
        assertThat(g.judge("a", entry("real", 1, 0, 0), held, T0.plusSeconds(3600)))
                .contains(StatsGuard.IMPLAUSIBLE);
        // a new session of the title starts a new budget (1 s in: 10 MB + 20 MB burst)
        assertThat(g.judge(
                        "a",
                        entry("real", 25 * MB, 0, 0),
                        holds("real", T0.plusSeconds(3600), 100 * MB),
                        T0.plusSeconds(3601)))
                .isEmpty();
    }

    @Test
    void withoutAKnownSizeTheRateStillBounds() {
        StatsGuard g = new StatsGuard(LIMITS);
        Map<String, StatsGuard.Holding> held = Map.of("t", new StatsGuard.Holding(T0, OptionalLong.empty()));
        assertThat(g.judge("a", entry("t", 30 * MB, 0, 0), held, T0.plusSeconds(1)))
                .isEmpty();
        assertThat(g.judge("a", entry("t", 1, 0, 0), held, T0.plusSeconds(1))).contains(StatsGuard.IMPLAUSIBLE);
    }

    @Test
    void oneAccountFillsOnlyItsOwnTitleSlots() {
        StatsGuard g = new StatsGuard(LIMITS);
        Map<String, StatsGuard.Holding> held = Map.of(
                "t1", new StatsGuard.Holding(T0, OptionalLong.empty()),
                "t2", new StatsGuard.Holding(T0, OptionalLong.empty()),
                "t3", new StatsGuard.Holding(T0, OptionalLong.empty()));
        assertThat(g.judge("a", entry("t1", 1, 0, 0), held, T0)).isEmpty();
        assertThat(g.judge("a", entry("t2", 1, 0, 0), held, T0)).isEmpty();
        assertThat(g.judge("a", entry("t3", 1, 0, 0), held, T0)).contains(StatsGuard.SLOTS);
        assertThat(g.judge("b", entry("t3", 1, 0, 0), held, T0))
                .as("another account")
                .isEmpty();
        assertThat(g.judge("a", entry("t3", 1, 0, 0), held, T0.plus(Duration.ofMinutes(61))))
                .as("slots free up after the window")
                .isEmpty();
    }
}
