package dev.riffle.sim.world;

import java.util.Arrays;

/**
 * What a run counts. Delivered bytes are those a viewer kept (each segment byte it stored, counted once, from the source
 * that brought it); wasted bytes were transferred for a request that was cancelled. CDN egress over time counts every
 * byte the edge sent, wasted ones too, in {@link #BUCKET_MILLIS} buckets.
 */
public final class Tally {
    public static final int BUCKET_MILLIS = 10_000;

    long peerBytes, cdnBytes, intraIspPeerBytes, wastedPeerBytes, wastedCdnBytes;
    long stallMillis, playMillis, stalls;
    long joined, started, seeks, connections, announces, decisions;
    long cdnElected, cdnDeadline, cdnFinishes, peerRequests, cancels;
    final double[] cdnEgressBuckets;
    final long[] peerBucket, cdnBucket, concurrent;
    final long[] titlePeerBytes, titleCdnBytes;
    private long[] startups = new long[1024];
    private int startupCount;

    private final long durationMillis;

    Tally(long durationMillis, int titles) {
        this.durationMillis = durationMillis;
        int buckets = (int) (durationMillis / BUCKET_MILLIS) + 2;
        cdnEgressBuckets = new double[buckets];
        peerBucket = new long[buckets];
        cdnBucket = new long[buckets];
        concurrent = new long[buckets];
        titlePeerBytes = new long[titles];
        titleCdnBytes = new long[titles];
    }

    void cdnEgress(long now, double bytes) {
        cdnEgressBuckets[bucket(now)] += bytes;
    }

    void delivered(long now, int title, long fromPeer, long fromPeerSameIsp, long fromCdn) {
        peerBytes += fromPeer;
        intraIspPeerBytes += fromPeerSameIsp;
        cdnBytes += fromCdn;
        int b = bucket(now);
        peerBucket[b] += fromPeer;
        cdnBucket[b] += fromCdn;
        titlePeerBytes[title] += fromPeer;
        titleCdnBytes[title] += fromCdn;
    }

    void startup(long millis) {
        if (startupCount == startups.length) startups = Arrays.copyOf(startups, startupCount * 2);
        startups[startupCount++] = millis;
        started++;
    }

    int bucket(long now) {
        return (int) Math.min(cdnEgressBuckets.length - 1, Math.max(0, now / BUCKET_MILLIS));
    }

    /** Buckets wholly inside the run (a last, partial one is left out of series). */
    public int fullBuckets() {
        return (int) (durationMillis / BUCKET_MILLIS);
    }

    public int buckets() {
        return cdnEgressBuckets.length;
    }

    public long peerBytes() {
        return peerBytes;
    }

    public long cdnBytes() {
        return cdnBytes;
    }

    public long wastedBytes() {
        return wastedPeerBytes + wastedCdnBytes;
    }

    public double offload() {
        long all = peerBytes + cdnBytes;
        return all == 0 ? 0 : peerBytes / (double) all;
    }

    public double intraIspShare() {
        return peerBytes == 0 ? 0 : intraIspPeerBytes / (double) peerBytes;
    }

    public double stallRatio() {
        long all = playMillis + stallMillis;
        return all == 0 ? 0 : stallMillis / (double) all;
    }

    public long stalls() {
        return stalls;
    }

    public long joined() {
        return joined;
    }

    /** Scheduler actions taken: CDN fetches (elected, deadline), finishes from the CDN, peer requests, cancels. */
    public String actions() {
        return String.format(
                java.util.Locale.ROOT,
                "cdn elected %d, cdn deadline %d, finish from cdn %d, peer %d, cancel %d",
                cdnElected,
                cdnDeadline,
                cdnFinishes,
                peerRequests,
                cancels);
    }

    /** Whole-segment CDN requests (elected or for a deadline). */
    public long cdnRequests() {
        return cdnElected + cdnDeadline;
    }

    /** Hours of watching (playing or stalled) over all viewers. */
    public double viewerHours() {
        return (playMillis + stallMillis) / 3.6e6;
    }

    public long connections() {
        return connections;
    }

    public long decisions() {
        return decisions;
    }

    /** Startup (join or seek to first segment in hand) at quantile {@code q}, in ms; 0 when none started. */
    public long startupQuantile(double q) {
        if (startupCount == 0) return 0;
        long[] sorted = Arrays.copyOf(startups, startupCount);
        Arrays.sort(sorted);
        return sorted[(int) Math.min(startupCount - 1, Math.floor(q * startupCount))];
    }

    /** CDN egress in bucket {@code b}, in Gbit/s. */
    public double cdnGbps(int b) {
        return cdnEgressBuckets[b] * 8 / 1e9 / (BUCKET_MILLIS / 1000.0);
    }

    public double cdnPeakGbps() {
        double peak = 0;
        for (int b = 0; b < buckets(); b++) peak = Math.max(peak, cdnGbps(b));
        return peak;
    }

    public double cdnAverageGbps(long durationMillis) {
        double sum = 0;
        for (double v : cdnEgressBuckets) sum += v;
        return sum * 8 / 1e9 / (durationMillis / 1000.0);
    }

    /** Offload of the bytes delivered in bucket {@code b}; NaN when nothing was. */
    public double offloadAt(int b) {
        long all = peerBucket[b] + cdnBucket[b];
        return all == 0 ? Double.NaN : peerBucket[b] / (double) all;
    }

    public long concurrentAt(int b) {
        return concurrent[b];
    }

    public int titles() {
        return titlePeerBytes.length;
    }

    public long titleBytes(int rank) {
        return titlePeerBytes[rank] + titleCdnBytes[rank];
    }

    public long titlePeerBytes(int rank) {
        return titlePeerBytes[rank];
    }
}
