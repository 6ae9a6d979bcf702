package dev.riffle.agent.session;

/**
 * How the agent watches a live channel.
 *
 * @param latencyMillis target behind the live edge: a segment is due at the player this long after its first frame
 *     was shot, counted locally from when the agent learned of it less its duration (so clocks need not agree)
 * @param offerMillis the player's playlist lists the newest segments spanning this long. Players start about three
 *     segments from the end of a live playlist (ffmpeg, hls.js) and then keep that distance, so this, not the
 *     origin's window, sets how far behind the encoder a player sits
 * @param behindMillis the agent fetches only the newest segments spanning this long; a player that falls further
 *     behind finds its segments gone from the playlist and jumps towards the edge instead of stalling
 * @param marginMillis a transfer must be projected to finish this long before a live deadline (tighter than VOD's: a
 *     live segment is due about a second after it is announced)
 */
public record LivePolicy(long latencyMillis, long offerMillis, long behindMillis, long marginMillis) {
    public LivePolicy {
        if (latencyMillis < 500
                || offerMillis < 500
                || behindMillis < Math.max(latencyMillis, offerMillis)
                || marginMillis < 0
                || marginMillis >= latencyMillis) {
            throw new IllegalArgumentException(
                    "live policy: latency >= 500 ms, offer >= 500 ms, behind >= both," + " 0 <= margin < latency");
        }
    }

    /**
     * A 2.5 s budget behind the edge, so that with the second a player may take to reload its playlist it stays within
     * 3 s (LivePlaybackIT: p95 3.0–3.1 s with 2.5, 3.4–3.9 s with 3.0); playlists of the newest 2 s (two 1 s segments:
     * players start at the first); 8 s fetched; 300 ms margin.
     */
    public static LivePolicy defaults() {
        return new LivePolicy(2_500, 2_000, 8_000, 300);
    }
}
