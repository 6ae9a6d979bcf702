package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * WINDOW, extension type 0x81 (receivers that do not know it skip the frame).
 *
 * <pre>
 * | u32 first | u32 count |        payload exactly 8 bytes; first &lt; 2^31, count &lt; 2^31, first + count - 1 &lt; 2^31
 * </pre>
 */
final class WindowCodec implements PayloadCodec<WireMessage.Window> {

    static final WindowCodec INSTANCE = new WindowCodec();

    @Override
    public int minLength() {
        return 8;
    }

    @Override
    public int maxLength() {
        return 8;
    }

    @Override
    public int length(WireMessage.Window m) {
        return 8;
    }

    @Override
    public void write(WireMessage.Window m, ByteBuffer dst) {
        dst.putInt(m.first()).putInt(m.count());
    }

    @Override
    public WireMessage.Window read(ByteBuffer b) throws WireException {
        long first = PayloadCodec.u32(b);
        long count = PayloadCodec.u32(b);
        if (first > Integer.MAX_VALUE || count > Integer.MAX_VALUE) {
            throw new WireException(WireError.Kind.BAD_FIELD, "window index >= 2^31");
        }
        return new WireMessage.Window((int) first, (int) count);
    }
}
