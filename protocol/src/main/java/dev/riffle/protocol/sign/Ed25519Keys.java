package dev.riffle.protocol.sign;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;

/**
 * Ed25519 keys as raw bytes (RFC 8032): a public key is 32 bytes, a private key is its 32-byte seed. Raw bytes are what
 * JWK ({@code x}, {@code d}) carries; the JDK wants X.509 / PKCS#8 wrappers, which for Ed25519 are a fixed prefix
 * (RFC 8410), so converting is prefix add/strip.
 */
public final class Ed25519Keys {
    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;

    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    private static final byte[] PKCS8_PREFIX = {
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20
    };

    private Ed25519Keys() {}

    /** A fresh key pair from the JDK's strong default randomness. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without Ed25519", e);
        }
    }

    /** The public key from its raw 32 bytes; empty if they are not a valid key encoding. */
    public static Optional<PublicKey> publicKey(byte[] raw) {
        if (raw == null || raw.length != KEY_BYTES) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(X509_PREFIX, raw))));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The key pair for a 32-byte seed (the public half is derived, as RFC 8032 defines). */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed == null || seed.length != KEY_BYTES) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        try {
            // The JDK has no "public key from private" call, but its generator takes the seed from the SecureRandom it
            // is given: handing it one that yields exactly our seed derives the matching public key.
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
            KeyPair pair = g.generateKeyPair();
            if (!Arrays.equals(seed(pair.getPrivate()), seed)) {
                throw new IllegalStateException("JDK Ed25519 generator did not use the given seed");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK without Ed25519", e);
        }
    }

    /** The 32 raw public key bytes. */
    public static byte[] raw(PublicKey key) {
        byte[] enc = key.getEncoded();
        if (enc.length != X509_PREFIX.length + KEY_BYTES
                || !Arrays.equals(enc, 0, X509_PREFIX.length, X509_PREFIX, 0, X509_PREFIX.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
        return Arrays.copyOfRange(enc, X509_PREFIX.length, enc.length);
    }

    /** The 32-byte seed of a private key. Never log it. */
    public static byte[] seed(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
            return ed.getBytes().get();
        }
        throw new IllegalArgumentException("not an Ed25519 private key");
    }

    /** The private key from its seed without deriving the public half. */
    public static PrivateKey privateKey(byte[] seed) {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 seed", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Yields the seed once, for {@link #fromSeed}. */
    private static final class FixedBytes extends SecureRandom {
        private final byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected request for " + out.length + " random bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
