package dev.riffle.protocol.wire;

/**
 * A run of consecutive segment indexes {@code first .. first + count - 1}.
 *
 * @param first the first index, {@code >= 0}
 * @param count how many indexes, {@code >= 1}; the last index stays within {@code int}
 */
public record SegmentRange(int first, int count) {

    public SegmentRange {
        if (first < 0 || count < 1 || (long) first + count - 1 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad segment range first=" + first + " count=" + count);
        }
    }

    public static SegmentRange single(int index) {
        return new SegmentRange(index, 1);
    }

    public int last() {
        return first + count - 1;
    }

    public boolean contains(int index) {
        return index >= first && index <= last();
    }
}
