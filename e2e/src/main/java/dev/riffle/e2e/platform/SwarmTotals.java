package dev.riffle.e2e.platform;

import java.util.List;

/**
 * Totals over viewers.
 *
 * @param startupMsP50 nearest-rank percentile over viewers that started; -1 if none did
 */
public record SwarmTotals(
        int viewers,
        int finished,
        int failed,
        long p2pBytes,
        long cdnBytes,
        long uploadedBytes,
        double offloadRatio,
        int stalls,
        long stallMs,
        long startupMsP50,
        long startupMsP95,
        long startupMsMax) {

    public static SwarmTotals of(List<ViewerSnapshot> viewers) {
        long p2p = 0, cdn = 0, up = 0, stallMs = 0;
        int stalls = 0, finished = 0, failed = 0;
        for (ViewerSnapshot v : viewers) {
            p2p += v.bytesFromPeers();
            cdn += v.bytesFromCdn();
            up += v.bytesUploaded();
            stalls += v.stalls();
            stallMs += v.stallMs();
            if (v.state() == ViewerState.DONE) finished++;
            if (v.state() == ViewerState.FAILED) failed++;
        }
        long[] startups = viewers.stream()
                .mapToLong(ViewerSnapshot::startupMs)
                .filter(ms -> ms >= 0)
                .sorted()
                .toArray();
        return new SwarmTotals(
                viewers.size(),
                finished,
                failed,
                p2p,
                cdn,
                up,
                p2p + cdn == 0 ? 0 : p2p / (double) (p2p + cdn),
                stalls,
                stallMs,
                percentile(startups, 50),
                percentile(startups, 95),
                startups.length == 0 ? -1 : startups[startups.length - 1]);
    }

    /** Nearest-rank percentile of sorted values; -1 when empty. */
    static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) return -1;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
