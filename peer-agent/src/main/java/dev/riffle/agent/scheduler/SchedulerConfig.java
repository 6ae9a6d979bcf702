package dev.riffle.agent.scheduler;

/**
 * Scheduler policy knobs. Build variants with {@link #toBuilder()}.
 *
 * @param urgentWindowMillis a segment due within this that no connected peer can deliver in time goes to the CDN
 *     (p2p-media-loader's "high demand" window, smaller here: peers near the deadline are watched and finished from
 *     the CDN when they lag)
 * @param prefetchWindowMillis beyond the urgent window, how far ahead segments are fetched
 * @param deadlineMarginMillis a transfer must be projected to finish this long before its deadline
 * @param stallMillis a peer transfer without new bytes for this long counts as stalled
 * @param maxHttp concurrent CDN requests
 * @param maxP2p concurrent peer requests
 * @param maxPerPeer concurrent requests to one peer
 * @param assumedPeerRateBytesPerSec rate assumed for a peer we have not measured yet
 * @param peerWaitMillis after the want window starts (join, seek), how long a segment no connected peer has waits for
 *     the peers the tracker announced (still connecting) instead of being elected for the CDN
 * @param blockedGraceMillis how long a player already waiting for a segment (startup, seek, stall) may wait for the
 *     peer that pulls it, or for peers still connecting, before the CDN is asked
 */
public record SchedulerConfig(
        long urgentWindowMillis,
        long prefetchWindowMillis,
        long deadlineMarginMillis,
        long stallMillis,
        int maxHttp,
        int maxP2p,
        int maxPerPeer,
        long assumedPeerRateBytesPerSec,
        long peerWaitMillis,
        long blockedGraceMillis) {

    public SchedulerConfig {
        if (urgentWindowMillis < 0 || prefetchWindowMillis < 0 || deadlineMarginMillis < 0 || stallMillis <= 0) {
            throw new IllegalArgumentException("negative window");
        }
        if (maxHttp < 1 || maxP2p < 0 || maxPerPeer < 1) throw new IllegalArgumentException("bad caps");
        if (assumedPeerRateBytesPerSec <= 0) throw new IllegalArgumentException("assumed rate <= 0");
        if (peerWaitMillis < 0 || blockedGraceMillis < 0) throw new IllegalArgumentException("negative wait");
    }

    /**
     * 2 HTTP / 3 P2P at once and a 2 s stall timeout as p2p-media-loader; windows sized for 2-6 s segments; a player
     * waiting for a segment waits at most 1 s for a peer's copy (the time for a WebRTC handshake on a LAN, a CDN fetch
     * and one peer transfer).
     */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(4_000, 40_000, 1_000, 2_000, 2, 3, 2, 1_000_000, 3_000, 1_000);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some knobs of a config; {@link #build()} checks the result. */
    public static final class Builder {
        private long urgent, prefetch, margin, stall, assumedRate, peerWait, grace;
        private int http, p2p, perPeer;

        private Builder(SchedulerConfig c) {
            urgent = c.urgentWindowMillis;
            prefetch = c.prefetchWindowMillis;
            margin = c.deadlineMarginMillis;
            stall = c.stallMillis;
            http = c.maxHttp;
            p2p = c.maxP2p;
            perPeer = c.maxPerPeer;
            assumedRate = c.assumedPeerRateBytesPerSec;
            peerWait = c.peerWaitMillis;
            grace = c.blockedGraceMillis;
        }

        public Builder urgentWindowMillis(long v) {
            urgent = v;
            return this;
        }

        public Builder prefetchWindowMillis(long v) {
            prefetch = v;
            return this;
        }

        public Builder deadlineMarginMillis(long v) {
            margin = v;
            return this;
        }

        public Builder stallMillis(long v) {
            stall = v;
            return this;
        }

        public Builder caps(int maxHttp, int maxP2p, int maxPerPeer) {
            http = maxHttp;
            p2p = maxP2p;
            perPeer = maxPerPeer;
            return this;
        }

        public Builder assumedPeerRateBytesPerSec(long v) {
            assumedRate = v;
            return this;
        }

        public Builder peerWaitMillis(long v) {
            peerWait = v;
            return this;
        }

        public Builder blockedGraceMillis(long v) {
            grace = v;
            return this;
        }

        public SchedulerConfig build() {
            return new SchedulerConfig(
                    urgent, prefetch, margin, stall, http, p2p, perPeer, assumedRate, peerWait, grace);
        }
    }
}
