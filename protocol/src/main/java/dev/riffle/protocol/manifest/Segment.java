package dev.riffle.protocol.manifest;

import dev.riffle.protocol.hash.Sha256;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One media segment as served: {@code size} and {@code sha256} are of the exact (encrypted) bytes on the wire, so any
 * peer can check a segment without the content key.
 *
 * @param index media sequence number, contiguous within a rendition
 * @param durationMs duration in integer milliseconds (no floating point in signed content)
 * @param uri path relative to the title's base URL
 * @param iv the segment's IV when the content key's rule is {@link IvRule#EXPLICIT}, otherwise {@code null}
 * @param kid the key that encrypts this segment when it is not the manifest's content key (live channels rotate keys),
 *     otherwise {@code null}
 * @param programDate wall-clock time of the segment's first frame at the encoder (live; HLS
 *     {@code EXT-X-PROGRAM-DATE-TIME}), truncated to milliseconds, or {@code null}
 */
public record Segment(
        long index,
        long durationMs,
        long size,
        Sha256 sha256,
        String uri,
        Iv iv,
        ContentKeyId kid,
        Instant programDate) {
    public static final long MAX_DURATION_MS = 3_600_000;

    public Segment {
        Checks.range("segment.index", index, 0, Checks.MAX_JSON_INT);
        Checks.range("segment.durationMs", durationMs, 1, MAX_DURATION_MS);
        Checks.range("segment.size", size, 1, Checks.MAX_JSON_INT);
        Checks.present("segment.sha256", sha256);
        Checks.relativeUri("segment.uri", uri);
        if (programDate != null) {
            programDate = programDate.truncatedTo(ChronoUnit.MILLIS);
            Checks.range("segment.programDateMs", programDate.toEpochMilli(), 0, Checks.MAX_JSON_INT);
        }
    }

    /** A segment with an explicit IV (or {@code null}), under the manifest's content key, without a program date. */
    public Segment(long index, long durationMs, long size, Sha256 sha256, String uri, Iv iv) {
        this(index, durationMs, size, sha256, uri, iv, null, null);
    }

    /** A segment whose IV follows {@link IvRule#SEGMENT_INDEX}. */
    public static Segment of(long index, long durationMs, long size, Sha256 sha256, String uri) {
        return new Segment(index, durationMs, size, sha256, uri, null);
    }

    /** A live segment: IV by index, encrypted under {@code kid}, first frame at {@code programDate}. */
    public static Segment live(
            long index, long durationMs, long size, Sha256 sha256, String uri, ContentKeyId kid, Instant programDate) {
        return new Segment(index, durationMs, size, sha256, uri, null, kid, Checks.present("programDate", programDate));
    }

    /** The key that encrypts this segment in {@code manifest}. */
    public ContentKeyId keyIn(Manifest manifest) {
        return kid != null ? kid : manifest.contentKey().kid();
    }
}
