package dev.riffle.agent.scheduler;

import java.util.BitSet;
import java.util.Collection;

/**
 * An immutable set of segment sequence numbers of one rendition, as a bit set: what a peer holds is usually a few long
 * runs, and the scheduler asks "does it hold s?" many times per tick.
 */
public final class SegmentSet {
    public static final SegmentSet EMPTY = new SegmentSet(new BitSet());

    private final BitSet bits;

    private SegmentSet(BitSet bits) {
        this.bits = bits;
    }

    /** A copy of {@code bits}: later changes to it are not seen. */
    public static SegmentSet of(BitSet bits) {
        return bits.isEmpty() ? EMPTY : new SegmentSet((BitSet) bits.clone());
    }

    public static SegmentSet of(Collection<Long> seqs) {
        BitSet b = new BitSet();
        for (long s : seqs) {
            if (s < 0 || s >= Integer.MAX_VALUE) throw new IllegalArgumentException("seq out of range: " + s);
            b.set((int) s);
        }
        return new SegmentSet(b);
    }

    public boolean contains(long seq) {
        return seq >= 0 && seq < Integer.MAX_VALUE && bits.get((int) seq);
    }

    public boolean isEmpty() {
        return bits.isEmpty();
    }

    public int size() {
        return bits.cardinality();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SegmentSet s && s.bits.equals(bits);
    }

    @Override
    public int hashCode() {
        return bits.hashCode();
    }

    @Override
    public String toString() {
        return bits.toString();
    }
}
