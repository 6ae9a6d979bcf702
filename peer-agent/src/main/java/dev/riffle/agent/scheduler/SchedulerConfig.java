package dev.riffle.agent.scheduler;

/**
 * Scheduler policy knobs. Build variants with {@link #toBuilder()}.
 *
 * @param urgentWindowMillis a segment due within this that no connected peer can deliver in time goes to the CDN
 *     (p2p-media-loader's "high demand" window, smaller here: peers near the deadline are watched and finished from
 *     the CDN when they lag)
 * @param prefetchWindowMillis beyond the urgent window, how far ahead segments are fetched from peers that hold them
 * @param pullAheadMillis how far ahead of its player an agent pulls a new segment from the CDN for its swarm (when it is
 *     the one elected): far enough to ride out a slow edge, short enough that viewers arriving in the next seconds
 *     share the pulls instead of finding everything taken by the first
 * @param shareSlackMillis the WINDOW an agent tells its peers reaches this much beyond its pull-ahead horizon, so a
 *     peer a moment ahead (a flash crowd joins within a second) counts it among the candidates for its new segments
 *     instead of taking them all; the better-scored one then pulls when the segment enters its own horizon
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
        long pullAheadMillis,
        long shareSlackMillis,
        long deadlineMarginMillis,
        long stallMillis,
        int maxHttp,
        int maxP2p,
        int maxPerPeer,
        long assumedPeerRateBytesPerSec,
        long peerWaitMillis,
        long blockedGraceMillis) {

    public SchedulerConfig {
        if (urgentWindowMillis < 0
                || prefetchWindowMillis < 0
                || pullAheadMillis < 0
                || shareSlackMillis < 0
                || deadlineMarginMillis < 0
                || stallMillis <= 0) {
            throw new IllegalArgumentException("negative window");
        }
        if (maxHttp < 1 || maxP2p < 0 || maxPerPeer < 1) throw new IllegalArgumentException("bad caps");
        if (assumedPeerRateBytesPerSec <= 0) throw new IllegalArgumentException("assumed rate <= 0");
        if (peerWaitMillis < 0 || blockedGraceMillis < 0) throw new IllegalArgumentException("negative wait");
    }

    /**
     * 2 HTTP / 3 P2P at once and a 2 s stall timeout as p2p-media-loader; windows sized for 2-6 s segments; new
     * segments pulled 12 s ahead, shared with peers up to 4 s behind; a player waiting for a segment waits at most 1 s for a peer's copy (the time for a
     * WebRTC handshake on a LAN, a CDN fetch and one peer transfer).
     */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(4_000, 40_000, 12_000, 4_000, 1_000, 2_000, 2, 3, 2, 1_000_000, 3_000, 1_000);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some knobs of a config; {@link #build()} checks the result. */
    public static final class Builder {
        private long urgent, prefetch, pullAhead, slack, margin, stall, assumedRate, peerWait, grace;
        private int http, p2p, perPeer;

        private Builder(SchedulerConfig c) {
            urgent = c.urgentWindowMillis;
            prefetch = c.prefetchWindowMillis;
            pullAhead = c.pullAheadMillis;
            slack = c.shareSlackMillis;
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

        public Builder pullAheadMillis(long v) {
            pullAhead = v;
            return this;
        }

        public Builder shareSlackMillis(long v) {
            slack = v;
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
                    urgent,
                    prefetch,
                    pullAhead,
                    slack,
                    margin,
                    stall,
                    http,
                    p2p,
                    perPeer,
                    assumedRate,
                    peerWait,
                    grace);
        }
    }
}
