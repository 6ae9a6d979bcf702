package dev.riffle.protocol.manifest;

import dev.riffle.protocol.encoding.FixedBytes;
import dev.riffle.protocol.encoding.FixedBytesValue;

/** The 16-byte id of a content key (the {@code kid} of ClearKey/CENC), written as 22 characters of base64url. */
public record ContentKeyId(FixedBytes value) implements FixedBytesValue {
    public static final int LENGTH = 16;

    public ContentKeyId {
        FixedBytes.require(value, LENGTH, () -> ManifestException.malformed("kid must be 16 bytes"));
    }

    public ContentKeyId(byte[] bytes) {
        this(FixedBytes.copyOf(bytes, LENGTH, () -> ManifestException.malformed("kid must be 16 bytes")));
    }

    /** Parses 22 characters of unpadded base64url. */
    public static ContentKeyId parse(String base64url) {
        return new ContentKeyId(FixedBytes.fromBase64url(base64url, LENGTH)
                .orElseThrow(() -> ManifestException.malformed("kid must be 22 characters of base64url")));
    }

    @Override
    public String toString() {
        return base64url();
    }
}
