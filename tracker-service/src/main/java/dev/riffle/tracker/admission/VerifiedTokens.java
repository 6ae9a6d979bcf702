package dev.riffle.tracker.admission;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Identities of bearer tokens quarkus-oidc has already verified, so an agent that announces with the same access token
 * is not put through RS256 verification and two JSON parses of the token on every request (which was ~65 % of the CPU
 * of an announce). Keyed by the whole token string (no hashing, so no collisions). An entry lives until the token's
 * {@code exp} or {@code riffle.tracker.auth.token-cache-ttl}, whichever comes first; the map is bounded and simply
 * cleared when full. Only tokens that passed full OIDC validation get in ({@link VerifiedTokenRecorder}); a token that
 * failed validation is never cached. {@code token-cache-ttl=0} turns the cache off.
 */
@ApplicationScoped
public class VerifiedTokens {

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxEntries;
    private final LongSupplier clock;

    @Inject
    public VerifiedTokens(
            @ConfigProperty(name = "riffle.tracker.auth.token-cache-ttl", defaultValue = "60s") Duration ttl,
            @ConfigProperty(name = "riffle.tracker.auth.token-cache-size", defaultValue = "10000") int maxEntries) {
        this(ttl, maxEntries, System::currentTimeMillis);
    }

    VerifiedTokens(Duration ttl, int maxEntries, LongSupplier clock) {
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = Math.max(1, maxEntries);
        this.clock = clock;
    }

    public boolean enabled() {
        return ttlMillis > 0;
    }

    /** The verified identity of {@code token}, or null when unknown or expired. */
    public SecurityIdentity lookup(String token) {
        if (!enabled() || token == null) {
            return null;
        }
        Entry e = entries.get(token);
        if (e == null) {
            return null;
        }
        if (clock.getAsLong() >= e.expiresAtMillis) {
            entries.remove(token, e);
            return null;
        }
        return e.identity;
    }

    /** Remembers an identity quarkus-oidc built from a verified access token. */
    public void remember(SecurityIdentity identity) {
        if (!enabled() || identity == null || identity.isAnonymous()) {
            return;
        }
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        if (credential == null
                || credential.getToken() == null
                || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        long exp = jwt.getExpirationTime();
        if (exp <= 0) {
            return; // no expiry claim: never cache
        }
        long now = clock.getAsLong();
        long expiresAt = Math.min(exp * 1000L, now + ttlMillis);
        if (expiresAt <= now) {
            return;
        }
        if (entries.size() >= maxEntries && !entries.containsKey(credential.getToken())) {
            entries.clear();
        }
        entries.putIfAbsent(credential.getToken(), new Entry(identity, expiresAt));
    }

    int size() {
        return entries.size();
    }

    private record Entry(SecurityIdentity identity, long expiresAtMillis) {}
}
