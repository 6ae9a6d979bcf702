package dev.riffle.origin.live;

import dev.riffle.protocol.hash.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Stream keys: the secret a pusher puts in its RTMP URL. Only a hash is stored, and a presented key is compared in
 * constant time, so neither the store nor timing tells a key away.
 */
public final class StreamKeys {
    private static final int BYTES = 24;

    private StreamKeys() {}

    /** A fresh key: {@code sk_} and 32 base64url characters (192 random bits). */
    public static String generate(RandomGenerator random) {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return "sk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public static String hash(String key) {
        return Sha256.of(key.getBytes(StandardCharsets.UTF_8)).hex();
    }

    /** Whether {@code presented} is the key whose hash is {@code storedHash}. */
    public static boolean matches(String presented, String storedHash) {
        byte[] a = hash(presented).getBytes(StandardCharsets.US_ASCII);
        byte[] b = storedHash.getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }
}
