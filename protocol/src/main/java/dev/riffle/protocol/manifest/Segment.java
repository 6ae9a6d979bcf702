package dev.riffle.protocol.manifest;

import dev.riffle.protocol.hash.Sha256;

/**
 * One media segment as served: {@code size} and {@code sha256} are of the exact (encrypted) bytes on the wire, so any
 * peer can check a segment without the content key.
 *
 * @param index media sequence number, contiguous within a rendition
 * @param durationMs duration in integer milliseconds (no floating point in signed content)
 * @param uri path relative to the title's base URL
 * @param iv the segment's IV when the content key's rule is {@link IvRule#EXPLICIT}, otherwise {@code null}
 */
public record Segment(long index, long durationMs, long size, Sha256 sha256, String uri, Iv iv) {
    public static final long MAX_DURATION_MS = 3_600_000;

    public Segment {
        Checks.range("segment.index", index, 0, Checks.MAX_JSON_INT);
        Checks.range("segment.durationMs", durationMs, 1, MAX_DURATION_MS);
        Checks.range("segment.size", size, 1, Checks.MAX_JSON_INT);
        Checks.present("segment.sha256", sha256);
        Checks.relativeUri("segment.uri", uri);
    }

    /** A segment whose IV follows {@link IvRule#SEGMENT_INDEX}. */
    public static Segment of(long index, long durationMs, long size, Sha256 sha256, String uri) {
        return new Segment(index, durationMs, size, sha256, uri, null);
    }
}
