package dev.riffle.protocol.segment;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.InitSegment;
import dev.riffle.protocol.manifest.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Streaming check of one segment against its manifest entry: feed bytes as they arrive with {@code update}, then call
 * {@link #finish()}. Bytes beyond the expected size are not hashed (the verdict is already {@link
 * SegmentVerdict.WrongSize}), and the final comparison is constant-time. The cost is the JDK's SHA-256 and nothing
 * else: no copies for heap buffers and arrays. One instance per segment; not thread-safe.
 */
public final class SegmentVerifier {
    private static final int STREAM_CHUNK = 64 * 1024;

    private final long expectedSize;
    private final Sha256 expectedHash;
    private final MessageDigest digest = Sha256.newDigest();
    private long seen;
    private boolean finished;

    public SegmentVerifier(long expectedSize, Sha256 expectedHash) {
        if (expectedSize < 0 || expectedHash == null) {
            throw new IllegalArgumentException("expected size and hash are required");
        }
        this.expectedSize = expectedSize;
        this.expectedHash = expectedHash;
    }

    public static SegmentVerifier of(Segment segment) {
        return new SegmentVerifier(segment.size(), segment.sha256());
    }

    public static SegmentVerifier of(InitSegment init) {
        return new SegmentVerifier(init.size(), init.sha256());
    }

    /** Checks a whole segment held in memory. */
    public static SegmentVerdict verify(Segment segment, byte[] bytes) {
        SegmentVerifier v = of(segment);
        v.update(bytes, 0, bytes.length);
        return v.finish();
    }

    /**
     * Reads {@code in} to its end (or to one byte past the expected size) and checks it; the stream is left open.
     * IOException only for the stream's own failures.
     */
    public static SegmentVerdict verify(Segment segment, InputStream in) throws IOException {
        return of(segment).readFrom(in);
    }

    /** Feeds this verifier from {@code in} and returns the verdict. */
    public SegmentVerdict readFrom(InputStream in) throws IOException {
        byte[] buf = new byte[(int) Math.min(STREAM_CHUNK, Math.max(1, expectedSize + 1))];
        while (seen <= expectedSize) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, expectedSize + 1 - seen));
            if (n < 0) {
                break;
            }
            update(buf, 0, n);
        }
        return finish();
    }

    public void update(byte[] bytes, int offset, int length) {
        checkOpen();
        int take = (int) Math.min(length, Math.max(0, expectedSize - seen));
        if (take > 0) {
            digest.update(bytes, offset, take);
        }
        seen += length;
    }

    public void update(byte[] bytes) {
        update(bytes, 0, bytes.length);
    }

    /** Consumes the buffer's remaining bytes (its position moves to its limit). */
    public void update(ByteBuffer buffer) {
        checkOpen();
        int length = buffer.remaining();
        int take = (int) Math.min(length, Math.max(0, expectedSize - seen));
        if (take > 0) {
            ByteBuffer slice = buffer.slice();
            slice.limit(take);
            digest.update(slice);
        }
        buffer.position(buffer.limit());
        seen += length;
    }

    /** Bytes fed so far (including any beyond the expected size). */
    public long bytesSeen() {
        return seen;
    }

    /** True once more bytes than expected have arrived: the caller can stop reading. */
    public boolean overflowed() {
        return seen > expectedSize;
    }

    /** The verdict; the verifier cannot be used afterwards. */
    public SegmentVerdict finish() {
        checkOpen();
        finished = true;
        if (seen != expectedSize) {
            return new SegmentVerdict.WrongSize(expectedSize, seen);
        }
        return expectedHash.matches(digest.digest())
                ? new SegmentVerdict.Verified(seen)
                : new SegmentVerdict.WrongHash(seen);
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("verifier already finished");
        }
    }
}
