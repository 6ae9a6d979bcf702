package dev.riffle.origin.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * HLS {@code METHOD=AES-128}: AES-128-CBC with PKCS#7 padding over the whole segment. The JDK's "PKCS5Padding" is
 * PKCS#7 for 16-byte blocks.
 */
public final class SegmentCipher {
    private static final String TRANSFORM = "AES/CBC/PKCS5Padding";
    private static final SecureRandom RANDOM = new SecureRandom();

    private SegmentCipher() {}

    /** A fresh random IV (the manifest lists it per segment: IV rule "explicit"). */
    public static byte[] randomIv() {
        byte[] iv = new byte[16];
        RANDOM.nextBytes(iv);
        return iv;
    }

    /** Streams {@code in} encrypted to {@code out}, feeding the ciphertext to {@code digest}; returns ciphertext size. */
    public static long encrypt(byte[] key, byte[] iv, InputStream in, OutputStream out, MessageDigest digest)
            throws IOException {
        Cipher c = cipher(Cipher.ENCRYPT_MODE, key, iv);
        byte[] buf = new byte[256 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            byte[] enc = c.update(buf, 0, n);
            if (enc != null && enc.length > 0) {
                out.write(enc);
                digest.update(enc);
                total += enc.length;
            }
        }
        try {
            byte[] last = c.doFinal();
            out.write(last);
            digest.update(last);
            return total + last.length;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES encryption failed", e);
        }
    }

    public static byte[] encrypt(byte[] key, byte[] iv, byte[] plain) {
        try {
            return cipher(Cipher.ENCRYPT_MODE, key, iv).doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES encryption failed", e);
        }
    }

    public static byte[] decrypt(byte[] key, byte[] iv, byte[] encrypted) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, key, iv).doFinal(encrypted);
    }

    private static Cipher cipher(int mode, byte[] key, byte[] iv) {
        if (key.length != 16) throw new IllegalArgumentException("AES-128 key must be 16 bytes");
        if (iv.length != 16) throw new IllegalArgumentException("IV must be 16 bytes");
        try {
            Cipher c = Cipher.getInstance(TRANSFORM);
            c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128-CBC unavailable", e);
        }
    }
}
