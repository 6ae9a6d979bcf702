package dev.riffle.e2e.bench;

/**
 * One join shape and N of the benchmark: the P2P run and the CDN-only baseline with the same viewers, and the targets
 * (offload ≥ 0.95 × ceiling, no more stalls than the baseline, startup p95 no higher than the baseline's).
 */
record SwarmPoint(String joins, int n, RunResult p2p, RunResult baseline) {
    static final double TARGET = 0.95;

    /** The best any swarm can do when one viewer must fetch each byte from the edge: 1 − 1/N. */
    double ceiling() {
        return 1.0 - 1.0 / n;
    }

    boolean offloadMet() {
        return p2p.offloadRatio() >= TARGET * ceiling();
    }

    boolean stallsMet() {
        return p2p.stalls() <= baseline.stalls();
    }

    boolean startupMet() {
        return p2p.startupP95() <= baseline.startupP95();
    }

    /** Edge bytes the swarm did not need, against the baseline (segments only, as the agents counted them). */
    long cdnBytesSaved() {
        return baseline.bytesFromCdn() - p2p.bytesFromCdn();
    }
}
