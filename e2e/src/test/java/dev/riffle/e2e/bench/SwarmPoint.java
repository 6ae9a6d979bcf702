package dev.riffle.e2e.bench;

/** One N of the benchmark: the P2P run and the CDN-only baseline with the same viewers, and the targets. */
record SwarmPoint(int n, RunResult p2p, RunResult baseline) {

    /** The best any swarm can do when one viewer must fetch each byte from the edge: 1 − 1/N. */
    double ceiling() {
        return 1.0 - 1.0 / n;
    }

    boolean offloadMet() {
        return p2p.offloadRatio() >= 0.9 * ceiling();
    }

    boolean stallsMet() {
        return p2p.stalls() <= baseline.stalls();
    }

    /** Startup p50 and p95 both within 1.2× the baseline's. */
    boolean startupMet() {
        return p2p.startupP50() <= 1.2 * baseline.startupP50() && p2p.startupP95() <= 1.2 * baseline.startupP95();
    }

    /** Edge bytes the swarm did not need, against the baseline (segments only, as the agents counted them). */
    long cdnBytesSaved() {
        return baseline.bytesFromCdn() - p2p.bytesFromCdn();
    }
}
