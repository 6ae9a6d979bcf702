package dev.riffle.license.keys;

import dev.riffle.servicekit.seal.KeyEncryptionKeys;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;

/**
 * Content keys sealed under the key-encryption keys (AES-256-GCM, {@link KeyEncryptionKeys}): the additional data binds
 * a sealed key to its kid, title and label, so a row copied onto another key fails to open. New keys are sealed under
 * the active KEK; keys under another configured KEK still open, and {@link #reseal} moves them to the active one.
 */
public final class KeyCipher {
    private final KeyEncryptionKeys keks;

    public KeyCipher(KeyEncryptionKeys keks) {
        this.keks = keks;
    }

    /** One KEK only (tests, tools). */
    public KeyCipher(byte[] kek, SecureRandom random) {
        this(new KeyEncryptionKeys(kek, List.of(), random));
    }

    /** The non-secret id of the KEK that seals new keys, stored beside each sealed key. */
    public String kekId() {
        return keks.activeId();
    }

    /** Whether keys sealed under {@code kekId} can be opened here. */
    public boolean opens(String kekId) {
        return keks.opens(kekId);
    }

    public byte[] seal(Kid kid, String titleId, String label, byte[] key) {
        return keks.seal(key, aad(kid, titleId, label));
    }

    public ContentKey open(SealedKey sealed) {
        try {
            byte[] key =
                    keks.open(sealed.kekId(), sealed.sealed(), aad(sealed.kid(), sealed.titleId(), sealed.label()));
            return new ContentKey(sealed.kid(), sealed.titleId(), sealed.label(), key, sealed.createdAt());
        } catch (KeyEncryptionKeys.Unavailable e) {
            throw new KeyUnavailableException("key " + sealed.kid() + ": " + e.getMessage());
        }
    }

    /** The same key sealed under the active KEK (a KEK rotation). */
    public SealedKey reseal(SealedKey old) {
        ContentKey open = open(old);
        byte[] key = open.key();
        try {
            return new SealedKey(
                    old.kid(),
                    old.titleId(),
                    old.label(),
                    seal(old.kid(), old.titleId(), old.label(), key),
                    kekId(),
                    old.createdAt());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] aad(Kid kid, String titleId, String label) {
        return ("riffle-content-key/v1|" + kid + "|" + titleId + "|" + label).getBytes(StandardCharsets.UTF_8);
    }

    /** A stored key cannot be opened (KEK not configured, tampered row). The message names the kid, never key material. */
    public static final class KeyUnavailableException extends RuntimeException {
        public KeyUnavailableException(String message) {
            super(message);
        }
    }
}
