package dev.riffle.license.keys;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** A content key as stored: AES-GCM ciphertext under the key-encryption key {@code kekId}. Stores see only this. */
public record SealedKey(Kid kid, String titleId, String label, byte[] sealed, String kekId, Instant createdAt) {
    public SealedKey {
        Objects.requireNonNull(kid);
        TitleIds.check(titleId);
        Labels.check(label);
        Objects.requireNonNull(sealed);
        sealed = sealed.clone();
        Objects.requireNonNull(kekId);
        Objects.requireNonNull(createdAt);
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedKey s
                && kid.equals(s.kid)
                && titleId.equals(s.titleId)
                && label.equals(s.label)
                && Arrays.equals(sealed, s.sealed)
                && kekId.equals(s.kekId)
                && createdAt.equals(s.createdAt);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    @Override
    public String toString() {
        return "SealedKey[kid=" + kid + ", titleId=" + titleId + ", label=" + label + ", kekId=" + kekId + "]";
    }
}
