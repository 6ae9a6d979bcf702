package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * BYE, type 0x08.
 *
 * <pre>
 * | u8 reason |        payload exactly 1 byte; reason a {@link ByeReason} code
 * </pre>
 *
 * <p>No free-text field: text from a stranger would end up in our logs.
 */
final class ByeCodec implements PayloadCodec<WireMessage.Bye> {

    static final ByeCodec INSTANCE = new ByeCodec();

    @Override
    public int minLength() {
        return 1;
    }

    @Override
    public int maxLength() {
        return 1;
    }

    @Override
    public int length(WireMessage.Bye m) {
        return 1;
    }

    @Override
    public void write(WireMessage.Bye m, ByteBuffer dst) {
        dst.put((byte) m.reason().code());
    }

    @Override
    public WireMessage.Bye read(ByteBuffer b) throws WireException {
        int code = PayloadCodec.u8(b);
        ByeReason reason = ByeReason.fromCode(code);
        if (reason == null) {
            throw new WireException(WireError.Kind.BAD_FIELD, "unknown bye reason " + code);
        }
        return new WireMessage.Bye(reason);
    }
}
