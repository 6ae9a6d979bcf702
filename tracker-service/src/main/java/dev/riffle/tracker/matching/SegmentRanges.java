package dev.riffle.tracker.matching;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Segment indexes a peer holds, as sorted, merged, inclusive ranges. Held as one flat array of bounds rather than a
 * list of range objects: {@link #countIn} runs for every candidate of every announce, and each extra object on the way
 * was a cache miss.
 */
public final class SegmentRanges {

    public static final SegmentRanges NONE = new SegmentRanges(List.of());

    /** Inclusive range of segment indexes. */
    public record Range(long first, long last) {
        public Range {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("bad segment range");
            }
        }
    }

    /** first0, last0, first1, last1, … sorted and merged. */
    private final long[] bounds;

    /**
     * The ranges as the JSON array an announce answer carries, encoded on first use. A peer is listed in many answers
     * between two of its own announces; writing its numbers and allocating {@code long[]} pairs for each of them was
     * about a sixth of an announce. Volatile so another thread never sees the array before its bytes.
     */
    private volatile byte[] json;

    public SegmentRanges(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(Range::first));
        long[] b = new long[sorted.size() * 2];
        int n = 0;
        for (Range r : sorted) {
            if (n > 0 && r.first() <= b[n - 1] + 1) {
                b[n - 1] = Math.max(b[n - 1], r.last());
            } else {
                b[n++] = r.first();
                b[n++] = r.last();
            }
        }
        this.bounds = n == b.length ? b : Arrays.copyOf(b, n);
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

    /** The ranges, sorted and merged. */
    public List<Range> ranges() {
        List<Range> out = new ArrayList<>(count());
        for (int i = 0; i < bounds.length; i += 2) {
            out.add(new Range(bounds[i], bounds[i + 1]));
        }
        return List.copyOf(out);
    }

    /** Number of (merged) ranges. */
    public int count() {
        return bounds.length / 2;
    }

    /** First segment of range {@code i}. */
    public long first(int i) {
        return bounds[2 * i];
    }

    /** Last segment of range {@code i}. */
    public long last(int i) {
        return bounds[2 * i + 1];
    }

    /** How many segments in {@code [from, to]} are held. */
    public long countIn(long from, long to) {
        long n = 0;
        for (int i = 0; i < bounds.length && bounds[i] <= to; i += 2) {
            long lo = Math.max(from, bounds[i]);
            long hi = Math.min(to, bounds[i + 1]);
            if (hi >= lo) {
                n += hi - lo + 1;
            }
        }
        return n;
    }

    /** Length in bytes of {@link #writeJson}'s output. */
    public int jsonLength() {
        return json().length;
    }

    /**
     * Writes the ranges as a JSON array of {@code [first,last]} pairs ({@code [[0,40],[52,60]]}, {@code []} for none)
     * into {@code out} at {@code offset}, which must have room for {@link #jsonLength()} bytes; returns the new offset.
     */
    public int writeJson(byte[] out, int offset) {
        byte[] j = json();
        System.arraycopy(j, 0, out, offset, j.length);
        return offset + j.length;
    }

    private byte[] json() {
        byte[] j = json;
        if (j == null) {
            StringBuilder sb = new StringBuilder(2 + bounds.length * 6).append('[');
            for (int i = 0; i < bounds.length; i += 2) {
                sb.append(i == 0 ? "[" : ",[")
                        .append(bounds[i])
                        .append(',')
                        .append(bounds[i + 1])
                        .append(']');
            }
            j = sb.append(']').toString().getBytes(StandardCharsets.US_ASCII);
            json = j;
        }
        return j;
    }

    /** Compact text form {@code 0-9,15-20}; empty for none. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(bounds[i]).append('-').append(bounds[i + 1]);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentRanges other && Arrays.equals(bounds, other.bounds);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bounds);
    }

    @Override
    public String toString() {
        return "SegmentRanges[" + encode() + "]";
    }
}
