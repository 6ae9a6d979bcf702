package dev.riffle.agent.login;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Consumer;

/**
 * Signs a subscriber in with the OAuth 2.0 device authorization grant (RFC 8628): asks for a code pair, shows the user
 * where to approve it, polls the token endpoint at the given interval (5 s more after each {@code slow_down}) until the
 * user decides or the code expires, then saves the tokens. Time and sleeping are injected so the loop is testable.
 */
public final class DeviceLogin {
    /** Sleeps; tests pass one that only advances a fake clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final OidcClient oidc;
    private final TokenStore store;
    private final InstantSource clock;
    private final Sleeper sleeper;

    public DeviceLogin(OidcClient oidc, TokenStore store, InstantSource clock, Sleeper sleeper) {
        this.oidc = oidc;
        this.store = store;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Runs the whole flow; {@code show} gets the user code and verification URI (never a token) as soon as they are
     * known. Returns the saved tokens, or throws {@link OidcClient.OidcException} with {@code access_denied},
     * {@code expired_token}, … .
     */
    public TokenSet run(String scope, Consumer<OidcClient.DeviceAuthorization> show)
            throws IOException, InterruptedException {
        OidcClient.DeviceAuthorization a = oidc.startDevice(scope);
        show.accept(a);
        Instant end = clock.instant().plus(a.expiresIn());
        Duration interval = a.interval();
        while (clock.instant().isBefore(end)) {
            sleeper.sleep(interval);
            OidcClient.Poll p = oidc.pollDevice(a);
            if (p instanceof OidcClient.Poll.Granted g) {
                store.save(g.tokens());
                return g.tokens();
            }
            if (p instanceof OidcClient.Poll.Failed f) {
                throw new OidcClient.OidcException(f.error(), "sign-in failed: " + f.error());
            }
            if (((OidcClient.Poll.Wait) p).slowDown()) interval = interval.plusSeconds(5);
        }
        throw new OidcClient.OidcException("expired_token", "the code expired before it was approved");
    }
}
