package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * REJECT, type 0x07.
 *
 * <pre>
 * | u32 request id | u8 reason |        payload exactly 5 bytes; reason a {@link RejectReason} code
 * </pre>
 */
final class RejectCodec implements PayloadCodec<WireMessage.Reject> {

    static final RejectCodec INSTANCE = new RejectCodec();

    @Override
    public int minLength() {
        return 5;
    }

    @Override
    public int maxLength() {
        return 5;
    }

    @Override
    public int length(WireMessage.Reject m) {
        return 5;
    }

    @Override
    public void write(WireMessage.Reject m, ByteBuffer dst) {
        dst.putInt(m.requestId()).put((byte) m.reason().code());
    }

    @Override
    public WireMessage.Reject read(ByteBuffer b) throws WireException {
        int requestId = b.getInt();
        int code = PayloadCodec.u8(b);
        RejectReason reason = RejectReason.fromCode(code);
        if (reason == null) {
            throw new WireException(WireError.Kind.BAD_FIELD, "unknown reject reason " + code);
        }
        return new WireMessage.Reject(requestId, reason);
    }
}
