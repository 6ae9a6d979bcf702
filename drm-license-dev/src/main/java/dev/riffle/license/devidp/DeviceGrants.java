package dev.riffle.license.devidp;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Pending OAuth 2.0 device authorizations (RFC 8628) of the development issuer: a device asks for a code pair, the user
 * approves the short user code in a browser, the device polls with the long device code. Pure: time and randomness are
 * injected. Bounded: at most {@link #MAX_PENDING} grants are kept (the oldest is dropped), expired ones are purged.
 */
public final class DeviceGrants {
    public static final int MAX_PENDING = 256;
    /** Consonants only (no vowels: no words; no look-alikes), as RFC 8628 section 6.1 suggests. */
    private static final String USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

    private final InstantSource clock;
    private final RandomGenerator random;
    private final Duration lifespan;
    private final Duration interval;
    private final Map<String, Grant> byDeviceCode = new LinkedHashMap<>();

    public DeviceGrants(InstantSource clock, RandomGenerator random, Duration lifespan, Duration interval) {
        this.clock = clock;
        this.random = random;
        this.lifespan = lifespan;
        this.interval = interval;
    }

    /** What the device gets back from the device authorization endpoint. */
    public record Authorization(String deviceCode, String userCode, long expiresIn, long interval) {}

    /** The answer to one poll of the token endpoint. */
    public sealed interface Poll {
        /** The user has not decided yet ({@code authorization_pending}). */
        record Pending() implements Poll {}

        /** Polled sooner than the interval ({@code slow_down}). */
        record SlowDown() implements Poll {}

        /** Unknown, expired or already redeemed ({@code expired_token} / {@code invalid_grant}). */
        record Expired() implements Poll {}

        /** The user said no ({@code access_denied}). */
        record Denied() implements Poll {}

        /** The PKCE {@code code_verifier} does not match the challenge the grant started with ({@code invalid_grant}). */
        record BadVerifier() implements Poll {}

        /** Approved by {@code username}; the grant is consumed. */
        record Approved(String username) implements Poll {}
    }

    private static final class Grant {
        final String clientId;
        final String userCode;
        final Instant expiresAt;
        final String challenge;
        Instant lastPoll;
        String approvedBy;
        boolean denied;

        Grant(String clientId, String userCode, Instant expiresAt, String challenge) {
            this.clientId = clientId;
            this.userCode = userCode;
            this.expiresAt = expiresAt;
            this.challenge = challenge;
        }
    }

    public synchronized Authorization start(String clientId) {
        return start(clientId, null);
    }

    /**
     * Starts a grant; with a PKCE S256 {@code codeChallenge} (base64url of the SHA-256 of the verifier), every poll
     * must bring the matching {@code code_verifier}.
     */
    public synchronized Authorization start(String clientId, String codeChallenge) {
        purge();
        while (byDeviceCode.size() >= MAX_PENDING) {
            Iterator<String> oldest = byDeviceCode.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String deviceCode = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        String userCode;
        do {
            userCode = userCode();
        } while (grantOf(userCode).isPresent());
        byDeviceCode.put(
                deviceCode, new Grant(clientId, userCode, clock.instant().plus(lifespan), codeChallenge));
        return new Authorization(deviceCode, userCode, lifespan.toSeconds(), interval.toSeconds());
    }

    /** The client a live, undecided user code belongs to (for the approval page). */
    public synchronized Optional<String> clientOf(String userCode) {
        return grantOf(normalize(userCode))
                .filter(g -> g.approvedBy == null && !g.denied)
                .map(g -> g.clientId);
    }

    /** Approves a live, undecided user code for {@code username}; false if there is none. */
    public synchronized boolean approve(String userCode, String username) {
        Optional<Grant> g = grantOf(normalize(userCode)).filter(x -> x.approvedBy == null && !x.denied);
        g.ifPresent(x -> x.approvedBy = username);
        return g.isPresent();
    }

    public synchronized boolean deny(String userCode) {
        Optional<Grant> g = grantOf(normalize(userCode)).filter(x -> x.approvedBy == null && !x.denied);
        g.ifPresent(x -> x.denied = true);
        return g.isPresent();
    }

    public synchronized Poll poll(String deviceCode, String clientId) {
        return poll(deviceCode, clientId, null);
    }

    /**
     * One poll by {@code clientId}; a grant polled by another client than the one that started it is unknown. A grant
     * started with a PKCE challenge answers only polls with its verifier.
     */
    public synchronized Poll poll(String deviceCode, String clientId, String codeVerifier) {
        Instant now = clock.instant();
        Grant g = deviceCode == null ? null : byDeviceCode.get(deviceCode);
        if (g == null || !g.clientId.equals(clientId)) return new Poll.Expired();
        if (g.challenge != null && !g.challenge.equals(s256(codeVerifier))) return new Poll.BadVerifier();
        if (!now.isBefore(g.expiresAt)) {
            byDeviceCode.remove(deviceCode);
            return new Poll.Expired();
        }
        if (g.denied) {
            byDeviceCode.remove(deviceCode);
            return new Poll.Denied();
        }
        if (g.approvedBy != null) {
            byDeviceCode.remove(deviceCode);
            return new Poll.Approved(g.approvedBy);
        }
        // Half an interval of slack: a client that sleeps the interval must never be told to slow down.
        Instant earliest = g.lastPoll == null ? null : g.lastPoll.plus(interval.dividedBy(2));
        g.lastPoll = now;
        return earliest != null && now.isBefore(earliest) ? new Poll.SlowDown() : new Poll.Pending();
    }

    public synchronized int pending() {
        purge();
        return byDeviceCode.size();
    }

    /** Upper case, dashes and spaces dropped, so "bcdf-ghjk" and "BCDFGHJK" name the same code. */
    static String normalize(String userCode) {
        if (userCode == null) return "";
        String s = userCode.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z]", "");
        return s.length() == 8 ? s.substring(0, 4) + "-" + s.substring(4) : s;
    }

    /** PKCE S256: base64url (no padding) of the SHA-256 of the verifier; "" for none. */
    public static String s256(String verifier) {
        if (verifier == null) return "";
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Optional<Grant> grantOf(String userCode) {
        Instant now = clock.instant();
        return byDeviceCode.values().stream()
                .filter(g -> g.userCode.equals(userCode) && now.isBefore(g.expiresAt))
                .findFirst();
    }

    private String userCode() {
        StringBuilder s = new StringBuilder(9);
        for (int i = 0; i < 8; i++) {
            if (i == 4) s.append('-');
            s.append(USER_CODE_ALPHABET.charAt(random.nextInt(USER_CODE_ALPHABET.length())));
        }
        return s.toString();
    }

    private void purge() {
        Instant now = clock.instant();
        byDeviceCode.values().removeIf(g -> !now.isBefore(g.expiresAt));
    }
}
