package dev.riffle.license.keys;

import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * A 128-bit content key in clear, in memory only. {@code label} tells several keys of one title apart ({@code default},
 * later one per rendition or crypto period). {@link #toString()} never shows the key.
 */
public record ContentKey(Kid kid, String titleId, String label, byte[] key, Instant createdAt) {
    public ContentKey {
        Objects.requireNonNull(kid);
        TitleIds.check(titleId);
        Labels.check(label);
        if (key == null || key.length != 16) {
            throw new IllegalArgumentException("a content key is 16 bytes");
        }
        key = key.clone();
        Objects.requireNonNull(createdAt);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The key as base64url without padding (ClearKey {@code k}). */
    public String keyBase64Url() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    @Override
    public String toString() {
        return "ContentKey[kid=" + kid + ", titleId=" + titleId + ", label=" + label + ", key=<redacted>]";
    }
}
