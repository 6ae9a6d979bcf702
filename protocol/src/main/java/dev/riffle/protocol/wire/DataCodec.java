package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * DATA, type 0x05. The payload runs to the end of the frame, so it needs no length of its own.
 *
 * <pre>
 * | u32 request id | u32 offset | bytes ... |      payload 8 + n bytes, n ≤ limits.maxDataBytes() (64 KiB by default)
 * </pre>
 *
 * <p>Decoding returns a view on the frame's bytes: no copy on the hot path.
 */
final class DataCodec implements PayloadCodec<WireMessage.Data> {

    static final DataCodec INSTANCE = new DataCodec();
    static final int FIXED_BYTES = 8;

    @Override
    public int minLength() {
        return FIXED_BYTES;
    }

    @Override
    public int maxLength() {
        return Integer.MAX_VALUE; // bounded by the frame limit
    }

    @Override
    public int length(WireMessage.Data m) {
        return FIXED_BYTES + m.payloadLength();
    }

    @Override
    public void write(WireMessage.Data m, ByteBuffer dst) {
        write(m.requestId(), m.offset(), m.payloadView(), dst);
    }

    /** Copies the payload with an absolute bulk put: no duplicate, the source position does not move. */
    static void write(int requestId, int offset, ByteBuffer payload, ByteBuffer dst) {
        dst.putInt(requestId).putInt(offset);
        int n = payload.remaining();
        dst.put(dst.position(), payload, payload.position(), n);
        dst.position(dst.position() + n);
    }

    @Override
    public WireMessage.Data read(ByteBuffer b) {
        int requestId = b.getInt();
        int offset = b.getInt();
        ByteBuffer view = b.slice(); // the record makes it read-only
        b.position(b.limit());
        return new WireMessage.Data(requestId, offset, view);
    }
}
