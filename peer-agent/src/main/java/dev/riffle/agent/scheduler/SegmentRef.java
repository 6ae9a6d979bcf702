package dev.riffle.agent.scheduler;

import java.util.Objects;

/** One media segment of one rendition, by its HLS media sequence number. */
public record SegmentRef(String rendition, long seq) implements Comparable<SegmentRef> {
    public SegmentRef {
        Objects.requireNonNull(rendition, "rendition");
        if (seq < 0) throw new IllegalArgumentException("seq < 0: " + seq);
    }

    @Override
    public int compareTo(SegmentRef o) {
        int c = rendition.compareTo(o.rendition);
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return rendition + "/" + seq;
    }
}
