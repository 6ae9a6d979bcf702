package dev.riffle.agent.login;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a sign-in leaves behind: the access token, the refresh token that renews it, when each expires, and where to
 * renew them (issuer, client). {@link #toString()} never shows a token.
 *
 * @param refreshToken empty when the issuer gave none (then the subscriber signs in again when the access token ends)
 * @param refreshExpiresAt empty when the issuer did not say (offline tokens) or gave no refresh token
 */
public record TokenSet(
        URI issuer,
        String clientId,
        String accessToken,
        Instant obtainedAt,
        Instant accessExpiresAt,
        Optional<String> refreshToken,
        Optional<Instant> refreshExpiresAt) {
    public TokenSet {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(obtainedAt, "obtainedAt");
        Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(refreshExpiresAt, "refreshExpiresAt");
        if (accessToken.isBlank()) throw new IllegalArgumentException("empty access token");
    }

    /**
     * When to renew: a quarter of the token's life before it expires, at least 30 s and at most 5 min before (Keycloak's
     * 15 min tokens are renewed 3.75 min ahead; a 40 s token 10 s after it was obtained; shorter ones at once). Pure.
     */
    public Instant renewAt() {
        Duration life = Duration.between(obtainedAt, accessExpiresAt);
        if (life.isNegative()) return obtainedAt;
        Duration lead = life.dividedBy(4);
        if (lead.compareTo(Duration.ofSeconds(30)) < 0) lead = Duration.ofSeconds(30);
        if (lead.compareTo(Duration.ofMinutes(5)) > 0) lead = Duration.ofMinutes(5);
        Instant at = accessExpiresAt.minus(lead);
        return at.isBefore(obtainedAt) ? obtainedAt : at;
    }

    /** True while the refresh token may still work (unknown expiry counts as usable). */
    public boolean canRefresh(Instant now) {
        return refreshToken.isPresent() && refreshExpiresAt.map(now::isBefore).orElse(true);
    }

    @Override
    public String toString() {
        return "TokenSet[issuer=" + issuer + ", client=" + clientId + ", accessExpiresAt=" + accessExpiresAt
                + ", refresh=" + (refreshToken.isPresent() ? "yes" : "no") + "]";
    }
}
