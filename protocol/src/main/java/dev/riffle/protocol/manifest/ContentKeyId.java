package dev.riffle.protocol.manifest;

import dev.riffle.protocol.encoding.Base64Url;
import java.util.Arrays;

/** The 16-byte id of a content key (the {@code kid} of ClearKey/CENC), written as 22 characters of base64url. */
public record ContentKeyId(byte[] bytes) {
    public static final int LENGTH = 16;

    public ContentKeyId {
        if (bytes == null || bytes.length != LENGTH) {
            throw ManifestException.malformed("kid must be 16 bytes");
        }
        bytes = bytes.clone();
    }

    /** Parses 22 characters of unpadded base64url. */
    public static ContentKeyId parse(String base64url) {
        return new ContentKeyId(Base64Url.decode(base64url, LENGTH)
                .orElseThrow(() -> ManifestException.malformed("kid must be 22 characters of base64url")));
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
        return o instanceof ContentKeyId other && Arrays.equals(bytes, other.bytes);
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
