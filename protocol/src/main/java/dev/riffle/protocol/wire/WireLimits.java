package dev.riffle.protocol.wire;

/**
 * Size limits a peer enforces on the frames it writes and reads.
 *
 * <p>The maximum frame is checked against the declared length of a frame header <em>before</em> any byte of the
 * payload is buffered, so a hostile length can never make the decoder allocate more than {@code maxFrameBytes}.
 *
 * @param maxFrameBytes the largest frame (header included) this side accepts and emits; between {@link
 *     #MIN_FRAME_BYTES} and {@link #MAX_FRAME_BYTES}
 */
public record WireLimits(int maxFrameBytes) {

    /** {@code u32 length | u8 type}. */
    public static final int HEADER_BYTES = 5;

    /**
     * 64 KiB of DATA payload plus room for the headers. Peers may configure a lower limit, never a higher one, so
     * every conforming frame fits one libwebrtc data-channel message (whose practical ceiling is 256 KiB).
     */
    public static final int MAX_FRAME_BYTES = 65_536 + 64;

    /** Small enough for tests and constrained peers, large enough for the biggest HELLO (5 + 255 bytes). */
    public static final int MIN_FRAME_BYTES = 512;

    public static final WireLimits DEFAULT = new WireLimits(MAX_FRAME_BYTES);

    public WireLimits {
        if (maxFrameBytes < MIN_FRAME_BYTES || maxFrameBytes > MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("maxFrameBytes must be in [" + MIN_FRAME_BYTES + ", " + MAX_FRAME_BYTES
                    + "], was " + maxFrameBytes);
        }
    }

    /** The largest value the {@code u32 length} field (payload bytes after the header) may hold. */
    public int maxPayloadBytes() {
        return maxFrameBytes - HEADER_BYTES;
    }

    /** The largest DATA payload that still fits one frame. */
    public int maxDataBytes() {
        return maxPayloadBytes() - DataCodec.FIXED_BYTES;
    }
}
