package dev.riffle.agent.cdn;

import java.util.Arrays;

/**
 * Which CDN edge to ask first. Pure; time comes in with each call. Edges are kept in the operator's order of
 * preference; one that failed (refused, timed out, answered an error or the wrong length) is skipped for a back-off
 * that doubles with each failure in a row, from {@code baseBackoffMillis} up to {@code maxBackoffMillis}, and a success
 * clears it. Backed-off edges are still tried, last and soonest-due first, when every other edge failed too: a
 * segment is never refused for want of a healthy edge.
 */
public final class EdgeHealth {
    private final long baseBackoffMillis;
    private final long maxBackoffMillis;
    private final int[] failuresInARow;
    private final long[] skipUntil;

    public EdgeHealth(int edges, long baseBackoffMillis, long maxBackoffMillis) {
        if (edges < 1 || baseBackoffMillis < 1 || maxBackoffMillis < baseBackoffMillis) {
            throw new IllegalArgumentException("bad edge health bounds");
        }
        this.baseBackoffMillis = baseBackoffMillis;
        this.maxBackoffMillis = maxBackoffMillis;
        this.failuresInARow = new int[edges];
        this.skipUntil = new long[edges];
    }

    /** Every edge, in the order to try them at {@code nowMillis}. */
    public synchronized int[] order(long nowMillis) {
        Integer[] order = new Integer[skipUntil.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            boolean aOff = backedOff(a, nowMillis), bOff = backedOff(b, nowMillis);
            if (aOff != bOff) return aOff ? 1 : -1;
            if (aOff && skipUntil[a] != skipUntil[b]) return Long.compare(skipUntil[a], skipUntil[b]);
            return Integer.compare(a, b);
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    public synchronized void failed(int edge, long nowMillis) {
        int n = Math.min(30, ++failuresInARow[edge]);
        long backoff = Math.min(maxBackoffMillis, baseBackoffMillis << Math.min(n - 1, 20));
        skipUntil[edge] = nowMillis + backoff;
    }

    public synchronized void succeeded(int edge) {
        failuresInARow[edge] = 0;
        skipUntil[edge] = 0;
    }

    public synchronized boolean backedOff(int edge, long nowMillis) {
        return nowMillis < skipUntil[edge];
    }
}
