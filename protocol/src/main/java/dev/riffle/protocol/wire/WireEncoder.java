package dev.riffle.protocol.wire;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * Writes frames. Stateless and thread-safe; writing into a caller's buffer allocates nothing, so a sender can keep
 * one direct buffer per channel and reuse it for every DATA frame.
 */
public final class WireEncoder {

    private final WireLimits limits;

    public WireEncoder(WireLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public static WireEncoder withDefaults() {
        return new WireEncoder(WireLimits.DEFAULT);
    }

    public WireLimits limits() {
        return limits;
    }

    /** Bytes {@link #encode(WireMessage, ByteBuffer)} will write, header included. */
    public int frameLength(WireMessage message) {
        return WireLimits.HEADER_BYTES + Frames.codecFor(message.type()).length(message);
    }

    /**
     * Appends one frame at {@code dst}'s position and advances it. Nothing is written if it does not fit.
     *
     * @return the bytes written
     * @throws IllegalArgumentException if the frame exceeds {@link WireLimits#maxFrameBytes()}
     * @throws BufferOverflowException if {@code dst} has less room than {@link #frameLength}
     */
    public int encode(WireMessage message, ByteBuffer dst) {
        PayloadCodec<WireMessage> codec = Frames.codecFor(message.type());
        int length = codec.length(message);
        int frame = checkFits(length, dst);
        ByteOrder order = dst.order();
        dst.order(ByteOrder.BIG_ENDIAN); // the wire is big-endian whatever the caller's buffer says
        try {
            dst.putInt(length).put((byte) message.type().code());
            codec.write(message, dst);
        } finally {
            dst.order(order);
        }
        return frame;
    }

    /** One frame in a fresh array. */
    public byte[] encode(WireMessage message) {
        byte[] out = new byte[frameLength(message)];
        encode(message, ByteBuffer.wrap(out));
        return out;
    }

    /** Several frames in one buffer (flipped, ready to send as one data-channel message). */
    public ByteBuffer encodeAll(List<? extends WireMessage> messages) {
        int total = 0;
        for (WireMessage m : messages) {
            total = Math.addExact(total, frameLength(m));
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        for (WireMessage m : messages) {
            encode(m, out);
        }
        return out.flip();
    }

    /**
     * The DATA hot path without building a record: writes {@code payload.remaining()} bytes from {@code payload}
     * (whose position does not move) as one DATA frame.
     *
     * @return the bytes written
     */
    public int encodeData(int requestId, int offset, ByteBuffer payload, ByteBuffer dst) {
        int n = payload.remaining();
        WireMessage.Data.check(offset, n);
        int length = DataCodec.FIXED_BYTES + n;
        int frame = checkFits(length, dst);
        ByteOrder order = dst.order();
        dst.order(ByteOrder.BIG_ENDIAN);
        try {
            dst.putInt(length).put((byte) MessageType.DATA.code());
            DataCodec.write(requestId, offset, payload, dst);
        } finally {
            dst.order(order);
        }
        return frame;
    }

    private int checkFits(int payloadLength, ByteBuffer dst) {
        if (payloadLength > limits.maxPayloadBytes()) {
            throw new IllegalArgumentException(
                    "frame of " + (WireLimits.HEADER_BYTES + payloadLength) + " bytes > " + limits.maxFrameBytes());
        }
        int frame = WireLimits.HEADER_BYTES + payloadLength;
        if (dst.remaining() < frame) {
            throw new BufferOverflowException();
        }
        return frame;
    }
}
