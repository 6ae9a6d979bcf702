package dev.riffle.agent.scheduler;

/**
 * A run of segments {@code first .. first + count - 1} of one rendition: the ones a peer's player wants now, from where
 * it plays to the end of its fetch window. {@code count} 0: it wants nothing (it only seeds, or never said).
 */
public record SegmentWindow(long first, long count) {
    public static final SegmentWindow NONE = new SegmentWindow(0, 0);

    public SegmentWindow {
        if (first < 0 || count < 0) throw new IllegalArgumentException("bad window " + first + "+" + count);
    }

    public boolean contains(long seq) {
        return seq >= first && seq - first < count;
    }
}
