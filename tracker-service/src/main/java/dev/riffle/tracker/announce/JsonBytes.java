package dev.riffle.tracker.announce;

import java.util.Arrays;

/**
 * A growable UTF-8 byte buffer for hand-written JSON. {@link AnnounceJson} used to build a String and then encode it,
 * three copies of every answer (the builder, the String, the bytes); this writes the bytes once, then trims them.
 * Produces exactly {@code String.getBytes(UTF_8)} of the same text: a lone surrogate becomes {@code ?}, as there.
 */
final class JsonBytes {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private byte[] buf;
    private int len;

    JsonBytes(int expected) {
        buf = new byte[Math.max(16, expected)];
    }

    /** An ASCII character. */
    JsonBytes ascii(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    /** ASCII text (keys and punctuation written by the caller). */
    JsonBytes ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
        return this;
    }

    JsonBytes number(long v) {
        if (v == Long.MIN_VALUE) {
            return ascii(Long.toString(v));
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
        return this;
    }

    /** A JSON string escaped as Jackson does by default: quote, backslash and control characters only. */
    JsonBytes string(String s) {
        if (s == null) {
            return ascii("null");
        }
        int n = s.length();
        ensure(n + 2);
        buf[len++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[len++] = (byte) c;
            } else if (c < 0x80) {
                escape(c);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                utf8(Character.toCodePoint(c, s.charAt(++i)));
            } else if (Character.isSurrogate(c)) {
                ensure(1);
                buf[len++] = '?';
            } else {
                utf8(c);
            }
        }
        ensure(1);
        buf[len++] = '"';
        return this;
    }

    /** A peer's segment ranges, as the JSON array they keep encoded. */
    JsonBytes ranges(dev.riffle.tracker.matching.SegmentRanges have) {
        ensure(have.jsonLength());
        len = have.writeJson(buf, len);
        return this;
    }

    /** The buffer written into: the answer is its first {@link #length()} bytes. */
    byte[] array() {
        return buf;
    }

    int length() {
        return len;
    }

    /** The bytes written, trimmed to length. */
    byte[] toByteArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> ascii("\\\"");
            case '\\' -> ascii("\\\\");
            case '\n' -> ascii("\\n");
            case '\r' -> ascii("\\r");
            case '\t' -> ascii("\\t");
            case '\b' -> ascii("\\b");
            case '\f' -> ascii("\\f");
            default -> {
                ascii("\\u00");
                ensure(2);
                buf[len++] = HEX[c >> 4];
                buf[len++] = HEX[c & 0xF];
            }
        }
    }

    private void utf8(int cp) {
        ensure(4);
        if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | cp >> 6);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | cp >> 12);
            buf[len++] = (byte) (0x80 | (cp >> 6 & 0x3F));
        } else {
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | (cp >> 12 & 0x3F));
            buf[len++] = (byte) (0x80 | (cp >> 6 & 0x3F));
        }
        buf[len++] = (byte) (0x80 | (cp & 0x3F));
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
