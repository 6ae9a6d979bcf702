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
 * The development issuer's refresh tokens: opaque random strings kept in memory (so they die with the process, like
 * its signing key), single use (each refresh hands out a new one and forgets the old), bounded to {@link #MAX} live
 * tokens (the oldest is dropped). Pure: time and randomness injected.
 */
public final class RefreshTokens {
    public static final int MAX = 10_000;

    private final InstantSource clock;
    private final RandomGenerator random;
    private final Duration lifespan;
    private final Map<String, Entry> live = new LinkedHashMap<>();

    public RefreshTokens(InstantSource clock, RandomGenerator random, Duration lifespan) {
        this.clock = clock;
        this.random = random;
        this.lifespan = lifespan;
    }

    /** Who a refresh token was issued to. */
    public record Entry(String username, String clientId, Instant expiresAt) {}

    public Duration lifespan() {
        return lifespan;
    }

    public synchronized String issue(String username, String clientId) {
        Instant now = clock.instant();
        live.values().removeIf(e -> !now.isBefore(e.expiresAt()));
        while (live.size() >= MAX) {
            Iterator<String> oldest = live.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        byte[] b = new byte[32];
        random.nextBytes(b);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        live.put(token, new Entry(username, clientId, now.plus(lifespan)));
        return token;
    }

    /** Redeems (and so retires) a live token of {@code clientId}; empty if unknown, expired or another client's. */
    public synchronized Optional<Entry> redeem(String token, String clientId) {
        if (token == null) return Optional.empty();
        Entry e = live.get(token);
        if (e == null || !e.clientId().equals(clientId)) return Optional.empty();
        live.remove(token);
        return clock.instant().isBefore(e.expiresAt()) ? Optional.of(e) : Optional.empty();
    }
}
