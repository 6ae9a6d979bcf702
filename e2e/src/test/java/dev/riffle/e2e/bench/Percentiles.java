package dev.riffle.e2e.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Nearest-rank percentiles (the value at rank ceil(p/100 × n)); -1 for no samples. */
final class Percentiles {
    private Percentiles() {}

    static long nearestRank(List<Long> samples, double p) {
        if (!(p > 0 && p <= 100)) throw new IllegalArgumentException("p must be in (0, 100]");
        if (samples.isEmpty()) return -1;
        List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}
