package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * CANCEL, type 0x06.
 *
 * <pre>
 * | u32 request id |        payload exactly 4 bytes
 * </pre>
 */
final class CancelCodec implements PayloadCodec<WireMessage.Cancel> {

    static final CancelCodec INSTANCE = new CancelCodec();

    @Override
    public int minLength() {
        return 4;
    }

    @Override
    public int maxLength() {
        return 4;
    }

    @Override
    public int length(WireMessage.Cancel m) {
        return 4;
    }

    @Override
    public void write(WireMessage.Cancel m, ByteBuffer dst) {
        dst.putInt(m.requestId());
    }

    @Override
    public WireMessage.Cancel read(ByteBuffer b) {
        return new WireMessage.Cancel(b.getInt());
    }
}
