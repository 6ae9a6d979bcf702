package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * Reads and writes the payload of one message layout (the bytes after the 5-byte frame header). All multi-byte
 * integers are big-endian (network order).
 */
interface PayloadCodec<M extends WireMessage> {

    /** Smallest legal payload; checked from the header before any payload byte is buffered. */
    int minLength();

    /** Largest legal payload regardless of limits; the frame limit is checked separately. */
    int maxLength();

    /** Exact payload length {@link #write} will produce. */
    int length(M message);

    /** Writes the payload at {@code dst}'s position; {@code dst} is big-endian and has room. */
    void write(M message, ByteBuffer dst);

    /**
     * Reads a payload of exactly {@code payload.remaining()} bytes (already within min/max). Field values a record
     * refuses surface as {@link IllegalArgumentException}; the decoder maps them to {@link WireError.Kind#BAD_FIELD}.
     */
    M read(ByteBuffer payload) throws WireException;

    static long u32(ByteBuffer b) {
        return Integer.toUnsignedLong(b.getInt());
    }

    static int u8(ByteBuffer b) {
        return b.get() & 0xFF;
    }

    static void need(ByteBuffer b, int n, String what) throws WireException {
        if (b.remaining() < n) {
            throw new WireException(WireError.Kind.BAD_LENGTH, what + " runs past the end of the frame");
        }
    }

    static void end(ByteBuffer b, String layout) throws WireException {
        if (b.hasRemaining()) {
            throw new WireException(WireError.Kind.BAD_LENGTH, b.remaining() + " stray bytes after " + layout);
        }
    }
}
