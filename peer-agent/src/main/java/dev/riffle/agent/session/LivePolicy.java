package dev.riffle.agent.session;

/**
 * How the agent watches a live channel.
 *
 * @param latencyMillis target behind the live edge: a segment is due at the player this long after its first frame
 *     was shot, counted locally from when the agent learned of it less its duration (so clocks need not agree)
 * @param behindMillis the player is offered (and the agent fetches) only the newest segments spanning this long; a
 *     player that falls further behind finds its segments gone from the playlist and jumps towards the edge instead of
 *     stalling
 * @param marginMillis a transfer must be projected to finish this long before a live deadline (tighter than VOD's: a
 *     live segment is due about a second after it is announced)
 */
public record LivePolicy(long latencyMillis, long behindMillis, long marginMillis) {
    public LivePolicy {
        if (latencyMillis < 500 || behindMillis < latencyMillis || marginMillis < 0 || marginMillis >= latencyMillis) {
            throw new IllegalArgumentException(
                    "live policy: latency >= 500 ms, behind >= latency, 0 <= margin < latency");
        }
    }

    /** 3 s behind the edge (the goal; HLS players start about three segments back), 8 s offered, 300 ms margin. */
    public static LivePolicy defaults() {
        return new LivePolicy(3_000, 8_000, 300);
    }
}
