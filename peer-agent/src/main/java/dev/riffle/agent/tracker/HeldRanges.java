package dev.riffle.agent.tracker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;

/** Held segment indexes as the {@code [first,last]} ranges an announce carries. Pure. */
public final class HeldRanges {
    private HeldRanges() {}

    /** An inclusive range of segment indexes. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) throw new IllegalArgumentException("bad range " + first + "-" + last);
        }
    }

    /**
     * Runs of consecutive indexes, in order. Beyond {@code max} ranges (the tracker refuses more) the ones that end
     * before the playhead go first: peers ask for what is ahead of them, and they are mostly behind us.
     */
    public static List<Range> of(SortedSet<Long> held, long playhead, int max) {
        List<Range> runs = new ArrayList<>();
        long first = -1, last = -2;
        for (long i : held) {
            if (i < 0) continue;
            if (i == last + 1) {
                last = i;
            } else {
                if (first >= 0) runs.add(new Range(first, last));
                first = i;
                last = i;
            }
        }
        if (first >= 0) runs.add(new Range(first, last));
        if (runs.size() <= max) return runs;
        List<Range> keep = new ArrayList<>(runs);
        keep.sort(Comparator.comparing((Range r) -> r.last() < playhead).thenComparingLong(Range::first));
        keep = new ArrayList<>(keep.subList(0, max));
        keep.sort(Comparator.comparingLong(Range::first));
        return keep;
    }
}
