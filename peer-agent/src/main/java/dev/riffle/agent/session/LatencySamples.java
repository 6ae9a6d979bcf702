package dev.riffle.agent.session;

import java.util.Arrays;

/**
 * Live latency as a viewer sees it: for each live segment handed to the player, the time it was handed over minus the
 * encoder's wall-clock time of its first frame (the segment's program date). Keeps a count and a sum for Prometheus and
 * the newest samples (bounded) for percentiles. Thread-safe; one per agent.
 */
public final class LatencySamples {
    private static final int KEPT = 4_096;

    private final long[] ring = new long[KEPT];
    private long count;
    private long sumMillis;

    public synchronized void record(long millis) {
        ring[(int) (count % KEPT)] = millis;
        count++;
        sumMillis += millis;
    }

    public synchronized long count() {
        return count;
    }

    public synchronized long sumMillis() {
        return sumMillis;
    }

    /** The newest samples (at most 4096), in no particular order: to pool several agents' for percentiles. */
    public synchronized long[] newest() {
        return Arrays.copyOf(ring, (int) Math.min(count, KEPT));
    }

    /** The {@code q} quantile (0..1) of the newest samples, or -1 with none. */
    public synchronized long quantileMillis(double q) {
        if (q < 0 || q > 1) throw new IllegalArgumentException("quantile in 0..1");
        int n = (int) Math.min(count, KEPT);
        if (n == 0) return -1;
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * n) - 1; // nearest rank
        return sorted[Math.max(0, Math.min(n - 1, rank))];
    }
}
