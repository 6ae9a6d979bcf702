package dev.riffle.protocol.manifest;

import dev.riffle.protocol.encoding.FixedBytes;
import dev.riffle.protocol.encoding.FixedBytesValue;

/** A 16-byte AES-CBC initialisation vector, written as 22 characters of base64url. */
public record Iv(FixedBytes value) implements FixedBytesValue {
    public static final int LENGTH = 16;

    public Iv {
        FixedBytes.require(value, LENGTH, () -> ManifestException.malformed("iv must be 16 bytes"));
    }

    public Iv(byte[] bytes) {
        this(FixedBytes.copyOf(bytes, LENGTH, () -> ManifestException.malformed("iv must be 16 bytes")));
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
        return new Iv(FixedBytes.fromBase64url(base64url, LENGTH)
                .orElseThrow(() -> ManifestException.malformed("iv must be 22 characters of base64url")));
    }

    @Override
    public String toString() {
        return base64url();
    }
}
