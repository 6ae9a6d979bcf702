package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
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

    @Test
    void aNewRateAppliesFromNowOn() {
        var b = new TokenBucket(1_000, 100, 0);
        assertThat(b.tryTake(100, 0)).isTrue();
        b.rate(10, S / 10); // 100 tokens earned at the old rate, then a tenth of it
        assertThat(b.tryTake(100, S / 10)).isTrue();
        assertThat(b.nanosUntil(100, S / 10)).isEqualTo(10 * S);
        b.rate(0, S);
        assertThat(b.tryTake(1 << 20, S)).isTrue();
        b.rate(1_000, S);
        assertThat(b.tryTake(100, S)).as("a capped bucket starts full").isTrue();
        assertThat(b.tryTake(100, S)).isFalse();
    }

    private record Run(int rate, int burst, int chunk, int stepNanos) {}

    @Test
    void overAnyRunTheBytesTakenNeverExceedBurstPlusRateTimesTime() {
        Gen<Run> runs = r -> new Run(
                Gen.ints(1, 10_000_000).apply(r),
                Gen.ints(1, 1_000_000).apply(r),
                Gen.ints(1, 100_000).apply(r),
                Gen.ints(1, 50_000_000).apply(r));
        Property.forAll(300, runs, run -> {
            var b = new TokenBucket(run.rate(), Math.max(run.burst(), run.chunk()), 0);
            long taken = 0, now = 0;
            for (int i = 0; i < 2000; i++, now += run.stepNanos())
                if (b.tryTake(run.chunk(), now)) taken += run.chunk();
            double allowed = Math.max(run.burst(), run.chunk()) + (double) run.rate() * now / S + run.chunk();
            assertThat((double) taken).isLessThanOrEqualTo(allowed);
        });
    }
}
