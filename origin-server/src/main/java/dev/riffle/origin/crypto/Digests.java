package dev.riffle.origin.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** JDK digests every runtime must have. */
public final class Digests {
    private Digests() {}

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
