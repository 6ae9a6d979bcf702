package dev.riffle.e2e.platform;

import java.net.URI;

/**
 * One viewer at one moment.
 *
 * @param number 1-based
 * @param user its subscriber account
 * @param bar one character per segment of the rendition it plays, from the agent's record of what it delivered to
 *     the player: {@code P} peer, {@code c} CDN, {@code m} both, {@code o} its cache, {@code .} not yet (see
 *     {@link SegmentSources}); empty before the playlist was read
 * @param segmentsPlayed segments the player has received
 * @param startupMs master playlist request to first segment received by the player; -1 before
 * @param peerWaitMs how long the player held back before that request: the agent opening the title and waiting for a
 *     peer (see {@link ViewersOptions#peerWait()}); not part of {@code startupMs}; 0 when it did not wait
 * @param stalls times the player's buffer ran dry after startup
 * @param stallMs time spent stalled
 * @param bytesFromPeers the agent's counters
 * @param keyStatus HTTP status of the player's key request through the agent (0 before; 403 = no license)
 * @param playUrl the agent's master playlist (for VLC/ffplay); null before the agent is up
 * @param statusUrl the agent's {@code /status}
 * @param error why the viewer failed, or null
 * @param latencyMsP50 live: median of segment handed to the player minus the encoder's time of its first frame; -1
 *     for VOD or before the first
 * @param latencyMsP95 live: its 95th percentile; -1 likewise
 */
public record ViewerSnapshot(
        int number,
        String user,
        ViewerState state,
        String bar,
        int segmentsPlayed,
        int segmentsTotal,
        long startupMs,
        long peerWaitMs,
        int stalls,
        long stallMs,
        long bytesFromPeers,
        long bytesFromCdn,
        long bytesUploaded,
        int peersConnected,
        int keyStatus,
        URI playUrl,
        URI statusUrl,
        String error,
        long latencyMsP50,
        long latencyMsP95) {

    /** Bytes from peers over all bytes fetched; 0 before anything arrived. */
    public double offloadRatio() {
        long all = bytesFromPeers + bytesFromCdn;
        return all == 0 ? 0 : bytesFromPeers / (double) all;
    }

    public long peerSegments() {
        return bar.chars().filter(c -> c == SegmentSources.PEER).count();
    }

    public long cdnSegments() {
        return bar.chars().filter(c -> c == SegmentSources.CDN).count();
    }
}
