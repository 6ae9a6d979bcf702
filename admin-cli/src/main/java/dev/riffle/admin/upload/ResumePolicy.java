package dev.riffle.admin.upload;

import java.time.Duration;

/**
 * When to try again after a chunk failed in transit (connection reset, timeout, origin restarting). Pure and stateful:
 * the failure count resets whenever the origin's offset moved forward, so a long upload over a flaky link keeps going
 * while a dead origin is given up on after {@code maxAttempts} tries in a row without progress.
 */
public final class ResumePolicy {
    private final int maxAttempts;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private int failuresInARow;
    private long bestOffset = -1;

    public ResumePolicy(int maxAttempts, Duration firstDelay, Duration maxDelay) {
        if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1");
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= first <= max");
        }
        this.maxAttempts = maxAttempts;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    public static ResumePolicy standard() {
        return new ResumePolicy(6, Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** What to do now. */
    public sealed interface Decision {
        /** Wait, ask the origin for its offset, continue from there. */
        record Retry(Duration delay, int attempt) implements Decision {}

        /** Stop: the origin made no progress over too many tries. */
        record GiveUp(int attempts) implements Decision {}
    }

    /**
     * A chunk failed; {@code offset} is the origin's offset as last known (before the failed chunk, or learnt since).
     * Progress since the previous failure resets the count.
     */
    public Decision failed(long offset) {
        if (offset > bestOffset) {
            bestOffset = offset;
            failuresInARow = 0;
        }
        failuresInARow++;
        if (failuresInARow > maxAttempts) return new Decision.GiveUp(failuresInARow - 1);
        long factor = 1L << Math.min(20, failuresInARow - 1);
        Duration delay = firstDelay.multipliedBy(factor);
        return new Decision.Retry(delay.compareTo(maxDelay) > 0 ? maxDelay : delay, failuresInARow);
    }
}
