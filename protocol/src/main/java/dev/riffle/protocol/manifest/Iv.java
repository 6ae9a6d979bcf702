package dev.riffle.protocol.manifest;

import dev.riffle.protocol.encoding.Base64Url;
import java.util.Arrays;

/** A 16-byte AES-CBC initialisation vector, written as 22 characters of base64url. */
public record Iv(byte[] bytes) {
    public static final int LENGTH = 16;

    public Iv {
        if (bytes == null || bytes.length != LENGTH) {
            throw ManifestException.malformed("iv must be 16 bytes");
        }
        bytes = bytes.clone();
    }

    /** The HLS default IV: the segment index (media sequence number) as a 16-byte big-endian integer. */
    public static Iv ofSegmentIndex(long index) {
        byte[] iv = new byte[LENGTH];
        for (int i = 0; i < 8; i++) {
            iv[LENGTH - 1 - i] = (byte) (index >>> (8 * i));
        }
        return new Iv(iv);
    }

    public static Iv parse(String base64url) {
        return new Iv(Base64Url.decode(base64url, LENGTH)
                .orElseThrow(() -> ManifestException.malformed("iv must be 22 characters of base64url")));
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String base64url() {
        return Base64Url.encode(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Iv other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return base64url();
    }
}
