package dev.riffle.servicekit.seal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key-encryption keys (KEKs) that seal secrets at rest with AES-256-GCM: content keys in drm-license, the origin's
 * manifest-signing keys. One KEK is active and seals; the others only open, so a KEK can be rotated while the sealed
 * rows are re-sealed one by one: every row opens at every moment. Layout of a sealed value: {@code iv (12 bytes) ||
 * ciphertext || tag (16)}; the caller's additional data binds it to what it is (a kid and title, a key id), so a value
 * copied onto another row fails to open. Each sealed value is stored with the id of the KEK that sealed it: the first 8
 * bytes of the KEK's SHA-256, hex, which names it without revealing it.
 */
public final class KeyEncryptionKeys {
    public static final int KEK_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final String activeId;
    private final Map<String, SecretKeySpec> keks;
    private final SecureRandom random;

    /** {@code active} seals and opens; {@code others} only open. */
    public KeyEncryptionKeys(byte[] active, List<byte[]> others, SecureRandom random) {
        Map<String, SecretKeySpec> m = new LinkedHashMap<>();
        this.activeId = put(m, active);
        for (byte[] k : others) put(m, k);
        this.keks = Map.copyOf(m);
        this.random = random;
    }

    private static String put(Map<String, SecretKeySpec> m, byte[] kek) {
        if (kek.length != KEK_BYTES) throw new IllegalArgumentException("a key-encryption key must be 32 bytes");
        String id = fingerprint(kek);
        m.putIfAbsent(id, new SecretKeySpec(kek.clone(), "AES"));
        return id;
    }

    /** The id of the KEK that seals. */
    public String activeId() {
        return activeId;
    }

    /** Ids of every KEK that opens (the active one included). */
    public Set<String> ids() {
        return keks.keySet();
    }

    public boolean opens(String kekId) {
        return keks.containsKey(kekId);
    }

    /** Seals under the active KEK. */
    public byte[] seal(byte[] secret, byte[] additionalData) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, keks.get(activeId), new GCMParameterSpec(TAG_BITS, iv));
            c.updateAAD(additionalData);
            byte[] ct = c.doFinal(secret);
            byte[] out = Arrays.copyOf(iv, IV_BYTES + ct.length);
            System.arraycopy(ct, 0, out, IV_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /**
     * Opens a value sealed under KEK {@code kekId}.
     *
     * @throws Unavailable when that KEK is not configured or the value fails authentication (tampered, or bound to
     *     other data); the message names neither key nor secret
     */
    public byte[] open(String kekId, byte[] sealed, byte[] additionalData) {
        SecretKeySpec kek = keks.get(kekId);
        if (kek == null) throw new Unavailable("sealed under KEK " + kekId + ", which is not configured");
        if (sealed.length < IV_BYTES + TAG_BITS / 8) throw new Unavailable("sealed value too short");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            c.updateAAD(additionalData);
            return c.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new Unavailable("sealed value failed authentication");
        }
    }

    /** A short, non-secret id of a KEK: first 8 bytes of its SHA-256, hex. */
    public static String fingerprint(byte[] kek) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(kek), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sealed value cannot be opened. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
