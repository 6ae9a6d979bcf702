package dev.riffle.tracker.matching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Segment indexes a peer holds, as sorted, merged, inclusive ranges. */
public record SegmentRanges(List<Range> ranges) {

    public static final SegmentRanges NONE = new SegmentRanges(List.of());

    /** Inclusive range of segment indexes. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad segment range");
            }
        }
    }

    public SegmentRanges {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            if (!merged.isEmpty() && r.first() <= merged.get(merged.size() - 1).last() + 1) {
                Range prev = merged.remove(merged.size() - 1);
                merged.add(new Range(prev.first(), Math.max(prev.last(), r.last())));
            } else {
                merged.add(r);
            }
        }
        ranges = List.copyOf(merged);
    }

    public static SegmentRanges of(long... bounds) {
        if (bounds.length % 2 != 0) {
            throw new IllegalArgumentException("ranges need pairs");
        }
        List<Range> list = new ArrayList<>();
        for (int i = 0; i < bounds.length; i += 2) {
            list.add(new Range(bounds[i], bounds[i + 1]));
        }
        return new SegmentRanges(list);
    }

    /** How many segments in {@code [from, to]} are held. */
    public long countIn(long from, long to) {
        long n = 0;
        // indexed, and stopping past `to`: this runs for every candidate of every announce
        for (int i = 0, size = ranges.size(); i < size; i++) {
            Range r = ranges.get(i);
            if (r.first() > to) {
                break;
            }
            long lo = Math.max(from, r.first());
            long hi = Math.min(to, r.last());
            if (hi >= lo) {
                n += hi - lo + 1;
            }
        }
        return n;
    }

    /** Compact text form {@code 0-9,15-20}; empty for none. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.first()).append('-').append(r.last());
        }
        return sb.toString();
    }

    public static SegmentRanges decode(String text) {
        if (text.isEmpty()) {
            return NONE;
        }
        List<Range> list = new ArrayList<>();
        int from = 0;
        while (from <= text.length()) {
            int comma = text.indexOf(',', from);
            int end = comma < 0 ? text.length() : comma;
            int dash = text.indexOf('-', from);
            if (dash < 0 || dash >= end) {
                throw new IllegalArgumentException("bad segment ranges");
            }
            // parsed in place: this runs for every candidate a Redis swarm returns
            list.add(new Range(Long.parseLong(text, from, dash, 10), Long.parseLong(text, dash + 1, end, 10)));
            from = end + 1;
        }
        return new SegmentRanges(list);
    }
}
