package dev.riffle.e2e.bench;

import java.util.List;

/**
 * What one run of N viewers measured.
 *
 * @param p2p whether the viewers had a tracker (and so peers); false is the CDN-only baseline
 * @param viewers viewers started
 * @param finished viewers that played the whole title
 * @param bytesFromPeers segment bytes the agents took from peers (their own counters)
 * @param bytesFromCdn segment bytes the agents took from the edge (their own counters)
 * @param edgeBytes bytes the capped edge sent (segments, manifests, key sets), as a cross-check
 * @param stalls stall events summed over viewers (the player model ran out of buffer after startup)
 * @param stallSeconds time spent stalled, summed over viewers
 * @param startupMillis each viewer's startup time (first playlist to first frame it could show)
 * @param wallSeconds how long the run took
 * @param cdnRequests whole-segment CDN requests of all the agents (new segments pulled, and deadline fallbacks)
 * @param rangeRequests CDN Range requests finishing late peer transfers
 * @param segments segments of the played rendition
 */
record RunResult(
        boolean p2p,
        int viewers,
        int finished,
        long bytesFromPeers,
        long bytesFromCdn,
        long edgeBytes,
        long stalls,
        double stallSeconds,
        List<Long> startupMillis,
        double wallSeconds,
        long cdnRequests,
        long rangeRequests,
        long segments) {

    RunResult {
        startupMillis = List.copyOf(startupMillis);
    }

    /** Share of segment bytes that came from peers. */
    double offloadRatio() {
        long all = bytesFromPeers + bytesFromCdn;
        return all == 0 ? 0 : bytesFromPeers / (double) all;
    }

    /** Whole-segment CDN requests per segment of the title: 1 when each is pulled once for the whole swarm. */
    double cdnRequestsPerSegment() {
        return segments == 0 ? 0 : cdnRequests / (double) segments;
    }

    long startupP50() {
        return Percentiles.nearestRank(startupMillis, 50);
    }

    long startupP95() {
        return Percentiles.nearestRank(startupMillis, 95);
    }
}
