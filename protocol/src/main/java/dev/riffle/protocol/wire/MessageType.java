package dev.riffle.protocol.wire;

/**
 * The type byte of a frame. Codes {@code 0x01..0x7F} are core messages: a receiver that does not know one fails the
 * connection ({@link WireError.Kind#UNKNOWN_TYPE}). Codes {@code 0x80..0xFF} are optional extensions: a receiver that
 * does not know one skips the frame, so extensions can ship without a version bump. {@code 0x00} is never valid.
 */
public enum MessageType {
    HELLO(0x01),
    HAVE(0x02),
    HAVE_ONE(0x03),
    REQUEST(0x04),
    DATA(0x05),
    CANCEL(0x06),
    REJECT(0x07),
    BYE(0x08),
    /** Extension: segments the sender is about to hold (see {@link WireMessage.Claims}). */
    CLAIMS(0x80),
    /** Extension: the segments the sender's player needs next (see {@link WireMessage.Window}). */
    WINDOW(0x81);

    /** First code of the skippable extension range. */
    public static final int FIRST_EXTENSION_CODE = 0x80;

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for {@code code}, or {@code null} when this build does not know it (core or extension). */
    public static MessageType fromCode(int code) {
        return code >= 0 && code <= 0xFF ? BY_CODE[code] : null;
    }

    public static boolean isExtension(int code) {
        return code >= FIRST_EXTENSION_CODE && code <= 0xFF;
    }
}
