package dev.riffle.agent.session;

import java.util.concurrent.atomic.AtomicLong;

/** One agent's delivery counters; per agent, never static, so agents in one JVM stay apart. */
public final class Counters {
    public final AtomicLong bytesFromPeers = new AtomicLong();
    public final AtomicLong bytesFromCdn = new AtomicLong();
    public final AtomicLong segmentsFromPeers = new AtomicLong();
    public final AtomicLong segmentsFromCdn = new AtomicLong();
    public final AtomicLong stalls = new AtomicLong();
    public final AtomicLong bans = new AtomicLong();
    public final AtomicLong hashMismatches = new AtomicLong();
    /** Milliseconds from the first playlist request to the first segment served; -1 until then. */
    public final AtomicLong startupMillis = new AtomicLong(-1);

    /** Bytes from peers over all bytes fetched; 0 before anything arrived. */
    public double offloadRatio() {
        long p = bytesFromPeers.get(), c = bytesFromCdn.get();
        return p + c == 0 ? 0 : p / (double) (p + c);
    }
}
