package dev.riffle.protocol.encoding;

import java.util.Optional;

/** Lowercase hex, strict: uppercase is rejected so that every value has exactly one textual form. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /** Decodes lowercase hex of exactly {@code expectedBytes} bytes; empty when the text is not that. */
    public static Optional<byte[]> decode(String text, int expectedBytes) {
        if (text == null || text.length() != expectedBytes * 2) {
            return Optional.empty();
        }
        byte[] out = new byte[expectedBytes];
        for (int i = 0; i < expectedBytes; i++) {
            int hi = nibble(text.charAt(2 * i));
            int lo = nibble(text.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return Optional.of(out);
    }

    private static int nibble(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
