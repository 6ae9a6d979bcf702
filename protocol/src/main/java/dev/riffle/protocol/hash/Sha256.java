package dev.riffle.protocol.hash;

import dev.riffle.protocol.encoding.FixedBytes;
import dev.riffle.protocol.encoding.FixedBytesValue;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** A SHA-256 value (32 bytes). Written as 64 lowercase hex characters, like {@code sha256sum} prints it. */
public record Sha256(FixedBytes value) implements FixedBytesValue {
    public static final int LENGTH = 32;

    public Sha256 {
        FixedBytes.require(value, LENGTH, Sha256::wrongLength);
    }

    public Sha256(byte[] bytes) {
        this(FixedBytes.copyOf(bytes, LENGTH, Sha256::wrongLength));
    }

    /** Hashes {@code data}. */
    public static Sha256 of(byte[] data) {
        return new Sha256(newDigest().digest(data));
    }

    /** Hashes a stream to its end (left open), e.g. a packaged segment file at the origin. */
    public static Sha256 of(InputStream in) throws IOException {
        MessageDigest md = newDigest();
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) >= 0; ) {
            md.update(buf, 0, n);
        }
        return new Sha256(md.digest());
    }

    /** Parses 64 lowercase hex characters; empty for anything else. */
    public static Optional<Sha256> parse(String hex) {
        return FixedBytes.fromHex(hex, LENGTH).map(Sha256::new);
    }

    /** Parses 64 lowercase hex characters or throws {@link IllegalArgumentException}. */
    public static Sha256 fromHex(String hex) {
        return parse(hex).orElseThrow(() -> new IllegalArgumentException("not a lowercase hex SHA-256"));
    }

    /** A fresh JDK SHA-256 digest; every JDK must ship it, so its absence is a broken runtime, not an input error. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    private static IllegalArgumentException wrongLength() {
        return new IllegalArgumentException("SHA-256 must be 32 bytes");
    }

    /** Constant-time comparison with a raw digest, so timing never reveals how many leading bytes matched. */
    public boolean matches(byte[] digest) {
        return value.matches(digest);
    }

    @Override
    public String toString() {
        return hex();
    }
}
