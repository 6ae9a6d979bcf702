package dev.riffle.e2e.platform;

import dev.riffle.testkit.OidcTokens;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/**
 * One user's access token, fetched with the password grant and fetched again a minute before it expires (tokens live 15
 * minutes; the demo may run longer with {@code --keep-running}). Agents read it on every key request and tracker call.
 * Never logged.
 */
public final class TokenSource implements Supplier<String> {
    private static final long REFRESH_BEFORE_SECONDS = 60;

    private final OidcTokens issuer;
    private final String clientId;
    private final String username;
    private final String password;
    private final InstantSource clock;
    private String token;
    private Instant expires = Instant.MIN;

    public TokenSource(OidcTokens issuer, String clientId, String username, String password, InstantSource clock) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.username = username;
        this.password = password;
        this.clock = clock;
    }

    public String username() {
        return username;
    }

    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (token == null || now.isAfter(expires.minusSeconds(REFRESH_BEFORE_SECONDS))) {
            token = issuer.password(clientId, username, password);
            long exp = OidcTokens.claims(token).path("exp").asLong(0);
            // Without exp, refresh every minute rather than never.
            expires = exp > 0 ? Instant.ofEpochSecond(exp) : now.plusSeconds(2 * REFRESH_BEFORE_SECONDS);
        }
        return token;
    }

    @Override
    public String toString() {
        return "TokenSource[" + username + "]"; // never the token
    }
}
