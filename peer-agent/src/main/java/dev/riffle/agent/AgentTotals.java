package dev.riffle.agent;

/**
 * What one agent delivered and exchanged so far.
 *
 * @param bytesFromPeers verified segment bytes that came from peers
 * @param bytesFromCdn verified segment bytes that came from the CDN edge
 * @param bytesUploaded segment bytes served to peers
 * @param peersConnected peers with an open session now
 * @param stalls segments handed to a player well after playback needed them (inferred from its requests)
 * @param startupMillis first playlist request of the first play to its first segment; -1 before
 * @param bans peers banned for bytes that failed verification
 * @param rangeCompletions late peer transfers finished from the CDN with a Range request
 */
public record AgentTotals(
        long bytesFromPeers,
        long bytesFromCdn,
        long bytesUploaded,
        int peersConnected,
        long stalls,
        long startupMillis,
        long bans,
        long rangeCompletions) {

    /** Bytes from peers over all bytes fetched; 0 before anything arrived. */
    public double offloadRatio() {
        long all = bytesFromPeers + bytesFromCdn;
        return all == 0 ? 0 : bytesFromPeers / (double) all;
    }
}
