package dev.riffle.protocol.segment;

/** The outcome of checking a segment's bytes against its manifest entry. */
public sealed interface SegmentVerdict {
    default boolean verified() {
        return this instanceof Verified;
    }

    /** Size and SHA-256 both match: the bytes may be played and passed on. */
    record Verified(long size) implements SegmentVerdict {}

    /**
     * Fewer or more bytes than listed. {@code actualSize} counts at most one byte past the expected size: reading stops
     * there, so an oversized body costs nothing more.
     */
    record WrongSize(long expectedSize, long actualSize) implements SegmentVerdict {}

    /** Right size, different content: corrupted or forged by the sender. */
    record WrongHash(long size) implements SegmentVerdict {}
}
