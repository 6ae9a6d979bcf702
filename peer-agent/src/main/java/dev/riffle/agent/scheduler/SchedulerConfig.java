package dev.riffle.agent.scheduler;

/**
 * Scheduler policy knobs.
 *
 * @param urgentWindowMillis segments due within this go to the CDN (p2p-media-loader's "high demand" window)
 * @param prefetchWindowMillis beyond the urgent window, how far ahead peers are asked
 * @param deadlineMarginMillis a transfer must be projected to finish this long before its deadline
 * @param stallMillis a peer transfer without new bytes for this long counts as stalled
 * @param maxHttp concurrent CDN requests
 * @param maxP2p concurrent peer requests
 * @param maxPerPeer concurrent requests to one peer
 * @param cdnFetchersPerSegment how many viewers of a swarm, on average, pull a segment nobody has yet from the CDN
 * @param assumedPeerRateBytesPerSec rate assumed for a peer we have not measured yet
 * @param peerWaitMillis after joining a swarm, how long a segment no connected peer has waits for the peers the
 *     tracker announced (still connecting) instead of being pulled from the CDN; urgent segments never wait
 */
public record SchedulerConfig(
        long urgentWindowMillis,
        long prefetchWindowMillis,
        long deadlineMarginMillis,
        long stallMillis,
        int maxHttp,
        int maxP2p,
        int maxPerPeer,
        double cdnFetchersPerSegment,
        long assumedPeerRateBytesPerSec,
        long peerWaitMillis) {

    /** Without a wait for announced peers' connections ({@code peerWaitMillis} = 3 s, the default). */
    public SchedulerConfig(
            long urgentWindowMillis,
            long prefetchWindowMillis,
            long deadlineMarginMillis,
            long stallMillis,
            int maxHttp,
            int maxP2p,
            int maxPerPeer,
            double cdnFetchersPerSegment,
            long assumedPeerRateBytesPerSec) {
        this(
                urgentWindowMillis,
                prefetchWindowMillis,
                deadlineMarginMillis,
                stallMillis,
                maxHttp,
                maxP2p,
                maxPerPeer,
                cdnFetchersPerSegment,
                assumedPeerRateBytesPerSec,
                DEFAULT_PEER_WAIT_MILLIS);
    }

    /** A WebRTC handshake through the tracker takes well under a second on a LAN, a few on the internet. */
    public static final long DEFAULT_PEER_WAIT_MILLIS = 3_000;

    public SchedulerConfig {
        if (urgentWindowMillis < 0 || prefetchWindowMillis < 0 || deadlineMarginMillis < 0 || stallMillis <= 0) {
            throw new IllegalArgumentException("negative window");
        }
        if (maxHttp < 1 || maxP2p < 0 || maxPerPeer < 1) throw new IllegalArgumentException("bad caps");
        if (!(cdnFetchersPerSegment > 0)) throw new IllegalArgumentException("cdnFetchersPerSegment <= 0");
        if (assumedPeerRateBytesPerSec <= 0) throw new IllegalArgumentException("assumed rate <= 0");
        if (peerWaitMillis < 0) throw new IllegalArgumentException("peerWaitMillis < 0");
    }

    /** 2 HTTP / 3 P2P at once and a 2 s stall timeout as p2p-media-loader; windows sized for 2-6 s segments. */
    public static SchedulerConfig defaults() {
        return new SchedulerConfig(8_000, 40_000, 1_000, 2_000, 2, 3, 2, 2.0, 1_000_000, DEFAULT_PEER_WAIT_MILLIS);
    }
}
