package dev.riffle.license.keys;

import java.util.Base64;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** A key id: 16 bytes written as base64url without padding (22 characters), the same everywhere. */
public record Kid(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");

    public Kid {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("a kid is 16 bytes as base64url without padding (22 characters)");
        }
        byte[] bytes = Base64.getUrlDecoder().decode(value);
        if (!Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(value)) {
            throw new IllegalArgumentException("kid is not canonical base64url");
        }
    }

    public static Kid parse(String text) {
        return new Kid(text);
    }

    public static Kid of(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("a kid is 16 bytes");
        }
        return new Kid(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public static Kid random(RandomGenerator random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return of(b);
    }

    public byte[] bytes() {
        return Base64.getUrlDecoder().decode(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
