package dev.riffle.tracker.ice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials in coturn's shared-secret REST scheme ({@code use-auth-secret} with {@code
 * static-auth-secret}): the username is {@code <expiry in unix seconds>:<id>} and the password is
 * base64(HMAC-SHA1(secret, username)). coturn recomputes the password from the username and refuses it once the
 * expiry has passed, so no long-lived password ever reaches a client. Pure: the caller gives the time.
 */
public final class TurnCredentials {
    private final SecretKeySpec key;
    private final Duration ttl;

    /** What an agent gets: valid until {@code expiresAt}. {@link #toString()} leaves the password out. */
    public record Credential(String username, String password, Instant expiresAt) {
        public Credential {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "Credential[" + username + ", expiresAt=" + expiresAt + "]";
        }
    }

    public TurnCredentials(String secret, Duration ttl) {
        if (secret == null || secret.isEmpty()) throw new IllegalArgumentException("empty TURN secret");
        if (ttl.isNegative() || ttl.isZero())
            throw new IllegalArgumentException("TURN credential ttl must be positive");
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /**
     * Credentials for {@code id} (no ':' in it: coturn splits the username at the first one), valid for the ttl from
     * {@code now}.
     */
    public Credential issue(String id, Instant now) {
        if (id == null || id.isEmpty() || id.indexOf(':') >= 0) throw new IllegalArgumentException("bad TURN user id");
        Instant expiry = now.plus(ttl);
        String username = expiry.getEpochSecond() + ":" + id;
        return new Credential(username, password(username), Instant.ofEpochSecond(expiry.getEpochSecond()));
    }

    /** base64(HMAC-SHA1(secret, username)), as coturn computes it. */
    String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "TurnCredentials[ttl=" + ttl + "]"; // the secret stays out of logs
    }
}
