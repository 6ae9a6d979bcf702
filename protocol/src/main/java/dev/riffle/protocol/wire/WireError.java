package dev.riffle.protocol.wire;

import java.util.Objects;

/**
 * Why bytes from a peer were rejected. Every kind is fatal for the connection: the receiver sends BYE({@link
 * ByeReason#PROTOCOL_ERROR}) if it can and closes the channel.
 *
 * @param kind a stable reason, safe to use as a metric label
 * @param detail a short human explanation for logs; never contains payload bytes
 */
public record WireError(Kind kind, String detail) {

    public enum Kind {
        /** A core type code ({@code 0x00..0x7F}) this version does not define. */
        UNKNOWN_TYPE,
        /** The declared length does not fit the message layout (fixed size differs, inner counts disagree). */
        BAD_LENGTH,
        /** The declared length exceeds the receiver's maximum frame; rejected before buffering anything. */
        FRAME_TOO_LARGE,
        /** A field holds a value the layout forbids (negative index, unknown reason code, unsorted ranges...). */
        BAD_FIELD,
        /** The version ranges in the two HELLOs do not overlap. */
        UNSUPPORTED_VERSION,
        /** A complete data-channel message ended inside a frame. Only the one-shot decode reports this. */
        TRUNCATED
    }

    public WireError {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return kind + ": " + detail;
    }
}
