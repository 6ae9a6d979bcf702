package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * REQUEST, type 0x04.
 *
 * <pre>
 * | u32 request id | u32 segment | u32 offset | u32 length |      payload exactly 16 bytes
 *   opaque           &lt; 2^31        &lt; 2^31       1 .. 64 MiB, offset + length &lt; 2^31
 * </pre>
 */
final class RequestCodec implements PayloadCodec<WireMessage.Request> {

    static final RequestCodec INSTANCE = new RequestCodec();

    @Override
    public int minLength() {
        return 16;
    }

    @Override
    public int maxLength() {
        return 16;
    }

    @Override
    public int length(WireMessage.Request m) {
        return 16;
    }

    @Override
    public void write(WireMessage.Request m, ByteBuffer dst) {
        dst.putInt(m.requestId()).putInt(m.segment()).putInt(m.offset()).putInt(m.length());
    }

    @Override
    public WireMessage.Request read(ByteBuffer b) {
        return new WireMessage.Request(b.getInt(), b.getInt(), b.getInt(), b.getInt());
    }
}
