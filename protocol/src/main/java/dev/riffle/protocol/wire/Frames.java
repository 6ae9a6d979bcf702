package dev.riffle.protocol.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The frame envelope shared by every message.
 *
 * <pre>
 *  0               4          5
 * +---------------+----------+---------------------------+
 * | u32 length    | u8 type  | payload (length bytes)    |
 * +---------------+----------+---------------------------+
 *  length counts the payload only; 5 + length ≤ limits.maxFrameBytes()
 * </pre>
 */
final class Frames {

    private Frames() {}

    @SuppressWarnings("unchecked")
    static PayloadCodec<WireMessage> codecFor(MessageType type) {
        PayloadCodec<?> codec =
                switch (type) {
                    case HELLO -> HelloCodec.INSTANCE;
                    case HAVE -> HaveCodec.INSTANCE;
                    case HAVE_ONE -> HaveOneCodec.INSTANCE;
                    case REQUEST -> RequestCodec.INSTANCE;
                    case DATA -> DataCodec.INSTANCE;
                    case CANCEL -> CancelCodec.INSTANCE;
                    case REJECT -> RejectCodec.INSTANCE;
                    case BYE -> ByeCodec.INSTANCE;
                    case CLAIMS -> ClaimsCodec.INSTANCE;
                    case WINDOW -> WindowCodec.INSTANCE;
                };
        return (PayloadCodec<WireMessage>) codec;
    }

    /**
     * Checks a header before any payload byte is buffered.
     *
     * @return the codec for the payload, or {@code null} for an extension frame the receiver skips
     */
    static PayloadCodec<WireMessage> checkHeader(int typeCode, long length, WireLimits limits) throws WireException {
        if (length > limits.maxPayloadBytes()) {
            throw new WireException(
                    WireError.Kind.FRAME_TOO_LARGE,
                    "declared payload " + length + " > " + limits.maxPayloadBytes() + " bytes");
        }
        MessageType type = MessageType.fromCode(typeCode);
        if (type == null) {
            if (MessageType.isExtension(typeCode)) {
                return null;
            }
            throw new WireException(
                    WireError.Kind.UNKNOWN_TYPE, "unknown message type 0x" + Integer.toHexString(typeCode));
        }
        PayloadCodec<WireMessage> codec = codecFor(type);
        if (length < codec.minLength() || length > codec.maxLength()) {
            throw new WireException(
                    WireError.Kind.BAD_LENGTH,
                    type + " payload must be " + codec.minLength() + ".."
                            + Math.min(codec.maxLength(), limits.maxPayloadBytes()) + " bytes, declared " + length);
        }
        return codec;
    }

    /** Reads a whole payload; {@code payload} is a big-endian buffer holding exactly the frame's payload. */
    static WireMessage read(PayloadCodec<WireMessage> codec, ByteBuffer payload) throws WireException {
        try {
            WireMessage m = codec.read(payload);
            PayloadCodec.end(payload, m.type().toString());
            return m;
        } catch (IllegalArgumentException e) {
            throw new WireException(WireError.Kind.BAD_FIELD, e.getMessage());
        } catch (BufferUnderflowException e) {
            // the length checks should make this unreachable; kept so a layout bug stays a typed error
            throw new WireException(WireError.Kind.BAD_LENGTH, "payload shorter than its layout");
        }
    }

    /** Big-endian u32 at an absolute index, whatever the buffer's byte order. */
    static long u32(ByteBuffer b, int index) {
        return ((b.get(index) & 0xFFL) << 24)
                | ((b.get(index + 1) & 0xFFL) << 16)
                | ((b.get(index + 2) & 0xFFL) << 8)
                | (b.get(index + 3) & 0xFFL);
    }

    static long u32(byte[] b) {
        return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
    }
}
