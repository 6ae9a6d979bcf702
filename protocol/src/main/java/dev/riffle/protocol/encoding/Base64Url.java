package dev.riffle.protocol.encoding;

import java.util.Base64;
import java.util.Optional;

/**
 * Base64url without padding (RFC 4648 §5), strict: the JDK decoder accepts non-zero unused trailing bits, so two texts
 * could decode to the same bytes; we re-encode and compare so every value has exactly one textual form (a flipped
 * character in a signed document can never decode to the same value).
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** Decodes canonical unpadded base64url of exactly {@code expectedBytes} bytes; empty otherwise. */
    public static Optional<byte[]> decode(String text, int expectedBytes) {
        if (text == null || text.length() != (expectedBytes * 4 + 2) / 3 || text.indexOf('=') >= 0) {
            return Optional.empty();
        }
        byte[] out;
        try {
            out = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (out.length != expectedBytes || !ENCODER.encodeToString(out).equals(text)) {
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
