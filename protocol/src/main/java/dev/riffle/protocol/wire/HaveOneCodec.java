package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * HAVE_ONE, type 0x03.
 *
 * <pre>
 * | u32 segment |        payload exactly 4 bytes; segment &lt; 2^31
 * </pre>
 */
final class HaveOneCodec implements PayloadCodec<WireMessage.HaveOne> {

    static final HaveOneCodec INSTANCE = new HaveOneCodec();

    @Override
    public int minLength() {
        return 4;
    }

    @Override
    public int maxLength() {
        return 4;
    }

    @Override
    public int length(WireMessage.HaveOne m) {
        return 4;
    }

    @Override
    public void write(WireMessage.HaveOne m, ByteBuffer dst) {
        dst.putInt(m.segment());
    }

    @Override
    public WireMessage.HaveOne read(ByteBuffer b) {
        return new WireMessage.HaveOne(b.getInt());
    }
}
