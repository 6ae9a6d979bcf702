package dev.riffle.protocol.wire;

import java.nio.ByteBuffer;

/**
 * HELLO, type 0x01.
 *
 * <pre>
 *  0            1            2           3 .. 3+p-1   3+p          4+p .. 4+p+s-1   [4+p+s .. n)
 * +------------+------------+-----------+------------+------------+----------------+--------------+
 * | u8 min ver | u8 max ver | u8 p=len  | peer id    | u8 s=len   | swarm id       | ignored tail |
 * +------------+------------+-----------+------------+------------+----------------+--------------+
 *  p, s in 1..32; payload 6..255 bytes
 * </pre>
 *
 * <p>The one layout that must be readable by every version, so it may only grow at the end: a receiver ignores bytes
 * after the swarm id (a later version may append fields there). Payload capped at 255 bytes.
 */
final class HelloCodec implements PayloadCodec<WireMessage.Hello> {

    static final HelloCodec INSTANCE = new HelloCodec();
    static final int MAX_LENGTH = 255;

    @Override
    public int minLength() {
        return 6;
    }

    @Override
    public int maxLength() {
        return MAX_LENGTH;
    }

    @Override
    public int length(WireMessage.Hello m) {
        return 4 + m.peerId().length() + m.swarmId().length();
    }

    @Override
    public void write(WireMessage.Hello m, ByteBuffer dst) {
        dst.put((byte) m.minVersion()).put((byte) m.maxVersion());
        dst.put((byte) m.peerId().length());
        m.peerId().writeTo(dst);
        dst.put((byte) m.swarmId().length());
        m.swarmId().writeTo(dst);
    }

    @Override
    public WireMessage.Hello read(ByteBuffer b) throws WireException {
        int min = PayloadCodec.u8(b);
        int max = PayloadCodec.u8(b);
        WireId peer = readId(b, "peer id");
        WireId swarm = readId(b, "swarm id");
        b.position(b.limit()); // a tail, if any, holds fields of a later version: ignored by design
        return new WireMessage.Hello(min, max, peer, swarm);
    }

    private static WireId readId(ByteBuffer b, String what) throws WireException {
        PayloadCodec.need(b, 1, what + " length");
        int n = PayloadCodec.u8(b);
        if (n < 1 || n > WireId.MAX_BYTES) {
            throw new WireException(WireError.Kind.BAD_FIELD, what + " length " + n + " not in 1.." + WireId.MAX_BYTES);
        }
        PayloadCodec.need(b, n, what);
        byte[] id = new byte[n];
        b.get(id);
        return WireId.of(id);
    }
}
