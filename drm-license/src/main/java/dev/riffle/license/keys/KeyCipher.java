package dev.riffle.license.keys;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under the key-encryption key. Layout: {@code iv (12 bytes) || ciphertext (16) || tag (16)}; the additional
 * data binds the ciphertext to its kid, title and label, so a row copied onto another key fails to open.
 */
public final class KeyCipher {
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec kek;
    private final String kekId;
    private final SecureRandom random;

    public KeyCipher(byte[] kek, SecureRandom random) {
        if (kek.length != 32) {
            throw new IllegalArgumentException("the key-encryption key must be 32 bytes");
        }
        this.kek = new SecretKeySpec(kek.clone(), "AES");
        this.kekId = fingerprint(kek);
        this.random = random;
    }

    /** A short, non-secret id of the KEK (first 8 bytes of its SHA-256, hex), stored beside each sealed key. */
    public String kekId() {
        return kekId;
    }

    public byte[] seal(Kid kid, String titleId, String label, byte[] key) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(aad(kid, titleId, label));
            byte[] ct = c.doFinal(key);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + ct.length);
            System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public ContentKey open(SealedKey sealed) {
        if (!sealed.kekId().equals(kekId)) {
            throw new KeyUnavailableException("key " + sealed.kid() + " is sealed under another KEK (" + sealed.kekId()
                    + "), configured is " + kekId);
        }
        byte[] data = sealed.sealed();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            c.updateAAD(aad(sealed.kid(), sealed.titleId(), sealed.label()));
            byte[] key = c.doFinal(data, IV_BYTES, data.length - IV_BYTES);
            return new ContentKey(sealed.kid(), sealed.titleId(), sealed.label(), key, sealed.createdAt());
        } catch (GeneralSecurityException e) {
            throw new KeyUnavailableException("key " + sealed.kid() + " failed authentication");
        }
    }

    private static byte[] aad(Kid kid, String titleId, String label) {
        return ("riffle-content-key/v1|" + kid + "|" + titleId + "|" + label).getBytes(StandardCharsets.UTF_8);
    }

    private static String fingerprint(byte[] kek) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(kek);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored key cannot be opened (wrong KEK, tampered row). The message names the kid, never key material. */
    public static final class KeyUnavailableException extends RuntimeException {
        public KeyUnavailableException(String message) {
            super(message);
        }
    }
}
