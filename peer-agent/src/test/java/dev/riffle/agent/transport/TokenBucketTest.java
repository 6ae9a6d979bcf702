package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long S = 1_000_000_000L;

    @Test
    void aFullBucketLetsTheBurstThroughThenRefillsAtTheRate() {
        var b = new TokenBucket(1000, 500, 0);
        assertThat(b.tryTake(500, 0)).isTrue();
        assertThat(b.tryTake(1, 0)).isFalse();
        assertThat(b.nanosUntil(100, 0)).isEqualTo(S / 10);
        assertThat(b.tryTake(100, S / 10)).isTrue();
    }

    @Test
    void aRequestLargerThanTheBurstPassesOnceTheBucketIsFullSoItNeverStarves() {
        var b = new TokenBucket(1000, 100, 0);
        assertThat(b.tryTake(300, 0)).isTrue();
        assertThat(b.nanosUntil(300, 0)).isEqualTo(3 * S / 10);
    }

    @Test
    void zeroRateMeansUnlimited() {
        var b = TokenBucket.unlimited();
        assertThat(b.tryTake(Long.MAX_VALUE / 2, 0)).isTrue();
        assertThat(b.nanosUntil(1 << 30, 0)).isZero();
    }

    @Property(tries = 300)
    void overAnyRunTheBytesTakenNeverExceedBurstPlusRateTimesTime(
            @ForAll @IntRange(min = 1, max = 10_000_000) int rate,
            @ForAll @IntRange(min = 1, max = 1_000_000) int burst,
            @ForAll @IntRange(min = 1, max = 100_000) int chunk,
            @ForAll @IntRange(min = 1, max = 50_000_000) int stepNanos) {
        var b = new TokenBucket(rate, Math.max(burst, chunk), 0);
        long taken = 0, now = 0;
        for (int i = 0; i < 2000; i++, now += stepNanos) if (b.tryTake(chunk, now)) taken += chunk;
        double allowed = Math.max(burst, chunk) + (double) rate * now / S + chunk;
        assertThat((double) taken).isLessThanOrEqualTo(allowed);
    }
}
