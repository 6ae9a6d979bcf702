package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * CLAIMS, extension type 0x80 (receivers that do not know it skip the frame).
 *
 * <pre>
 * | u16 n | n × ( u32 segment | u8 hops ) |     payload 2 + 5n bytes, 1 ≤ n ≤ 1024;
 *                                             segments strictly increasing and &lt; 2^31; hops 0..254, 255 = withdrawn
 * </pre>
 */
final class ClaimsCodec implements PayloadCodec<WireMessage.Claims> {

    static final ClaimsCodec INSTANCE = new ClaimsCodec();
    private static final int ENTRY_BYTES = 5;

    @Override
    public int minLength() {
        return 2 + ENTRY_BYTES;
    }

    @Override
    public int maxLength() {
        return 2 + ENTRY_BYTES * WireMessage.Claims.MAX_CLAIMS;
    }

    @Override
    public int length(WireMessage.Claims m) {
        return 2 + ENTRY_BYTES * m.claims().size();
    }

    @Override
    public void write(WireMessage.Claims m, ByteBuffer dst) {
        dst.putShort((short) m.claims().size());
        for (WireMessage.Claim c : m.claims()) {
            dst.putInt(c.segment()).put((byte) c.hops());
        }
    }

    @Override
    public WireMessage.Claims read(ByteBuffer b) throws WireException {
        int n = Short.toUnsignedInt(b.getShort());
        if (b.remaining() != (long) n * ENTRY_BYTES) {
            throw new WireException(WireError.Kind.BAD_LENGTH, "CLAIMS count " + n + " disagrees with the payload");
        }
        List<WireMessage.Claim> claims = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long segment = PayloadCodec.u32(b);
            if (segment > Integer.MAX_VALUE) {
                throw new WireException(WireError.Kind.BAD_FIELD, "segment index >= 2^31");
            }
            claims.add(new WireMessage.Claim((int) segment, PayloadCodec.u8(b)));
        }
        return new WireMessage.Claims(claims);
    }
}
