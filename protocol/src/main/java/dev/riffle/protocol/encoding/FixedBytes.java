package dev.riffle.protocol.encoding;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An immutable byte string of a fixed length, compared by content: the shared part of the protocol's ids and hashes
 * ({@code ContentKeyId}, {@code Iv}, {@code SwarmId}, {@code Sha256}, and the wire's {@code WireId}). Each of those is a record holding
 * one of these, so the record's own equals and hashCode follow the bytes; it only says its length, how it is written
 * and what a wrong value is called. Equality runs in constant time, so comparing a hash or key id never tells by its
 * timing how many leading bytes matched.
 */
public final class FixedBytes {
    private final byte[] bytes;

    private FixedBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A copy of {@code bytes}, which must be {@code length} long; otherwise {@code wrong}'s exception is thrown. */
    public static FixedBytes copyOf(byte[] bytes, int length, Supplier<? extends RuntimeException> wrong) {
        if (bytes == null || bytes.length != length) throw wrong.get();
        return new FixedBytes(bytes.clone());
    }

    /** A copy of {@code bytes}, whatever its length (a value whose length varies from one to the next). */
    public static FixedBytes copyOf(byte[] bytes) {
        return new FixedBytes(bytes.clone());
    }

    /** {@code value} itself when it is {@code length} bytes long; otherwise {@code wrong}'s exception is thrown. */
    public static FixedBytes require(FixedBytes value, int length, Supplier<? extends RuntimeException> wrong) {
        if (value == null || value.bytes.length != length) throw wrong.get();
        return value;
    }

    /** Canonical unpadded base64url of exactly {@code length} bytes; empty for anything else. */
    public static Optional<FixedBytes> fromBase64url(String text, int length) {
        return Base64Url.decode(text, length).map(FixedBytes::new);
    }

    /** Lowercase hex of exactly {@code length} bytes; empty for anything else. */
    public static Optional<FixedBytes> fromHex(String text, int length) {
        return Hex.decode(text, length).map(FixedBytes::new);
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Puts the bytes into {@code dst} without a copy (encoders' hot path). */
    public void writeTo(ByteBuffer dst) {
        dst.put(bytes);
    }

    /** Constant-time comparison with raw bytes (e.g. a digest just computed). */
    public boolean matches(byte[] other) {
        return other != null && MessageDigest.isEqual(bytes, other);
    }

    public String base64url() {
        return Base64Url.encode(bytes);
    }

    public String hex() {
        return Hex.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedBytes other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lowercase hex. */
    @Override
    public String toString() {
        return hex();
    }
}
