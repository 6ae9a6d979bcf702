package dev.riffle.agent.app;

import dev.riffle.agent.login.DeviceLogin;
import dev.riffle.agent.login.OidcClient;
import dev.riffle.agent.login.TokenStore;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Sign-in started from the app's page: the same device grant with PKCE as {@code ./riffle agent login}, run by the
 * agent, which keeps the tokens in the same store. The page only ever learns what the user must see — the code and
 * where to enter it — and whether it worked; tokens stay in the agent. One sign-in at a time.
 */
public final class PageLogin {

    /**
     * Where a sign-in from the page stands.
     *
     * @param state {@code idle}, {@code pending} (waiting for the user to approve), {@code signed-in} or {@code failed}
     * @param userCode the code to enter while pending, else null
     * @param verificationUri where to enter it, else null
     * @param verificationUriComplete a link with the code filled in, if the issuer gave one
     * @param error the issuer's error ({@code access_denied}, {@code expired_token}, …) after a failure, else null
     */
    public record State(
            String state, String userCode, String verificationUri, String verificationUriComplete, String error) {
        static final State IDLE = new State("idle", null, null, null, null);
        static final State STARTING = new State("pending", null, null, null, null);
        static final State SIGNED_IN = new State("signed-in", null, null, null, null);

        static State failed(String error) {
            return new State("failed", null, null, null, error);
        }

        public boolean pending() {
            return state.equals("pending");
        }
    }

    private final OidcClient oidc;
    private final TokenStore store;
    private final String scope;
    private final Runnable onSignedIn;
    private State state = State.IDLE;

    /** @param onSignedIn runs once the tokens are saved (the agent starts keeping them fresh) */
    public PageLogin(OidcClient oidc, TokenStore store, String scope, Runnable onSignedIn) {
        this.oidc = Objects.requireNonNull(oidc, "oidc");
        this.store = Objects.requireNonNull(store, "store");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.onSignedIn = Objects.requireNonNull(onSignedIn, "onSignedIn");
    }

    /** The same sign-in, with one more thing to do once it worked. */
    public PageLogin(PageLogin other, Runnable alsoOnSignedIn) {
        this(other.oidc, other.store, other.scope, () -> {
            other.onSignedIn.run();
            alsoOnSignedIn.run();
        });
    }

    public synchronized State state() {
        return state;
    }

    /** Starts a device sign-in unless one is waiting already; returns where it stands. */
    public synchronized State start() {
        if (state.pending()) return state;
        state = State.STARTING;
        Thread t = new Thread(this::run, "riffle-page-login");
        t.setDaemon(true);
        t.start();
        return state;
    }

    private void run() {
        try {
            new DeviceLogin(oidc, store, InstantSource.system(), d -> Thread.sleep(d.toMillis()))
                    .run(
                            scope,
                            a -> set(new State(
                                    "pending",
                                    a.userCode(),
                                    a.verificationUri().toString(),
                                    a.verificationUriComplete()
                                            .map(Object::toString)
                                            .orElse(null),
                                    null)));
            set(State.SIGNED_IN);
            onSignedIn.run();
        } catch (OidcClient.OidcException e) {
            set(State.failed(e.error()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            set(State.failed("interrupted"));
        } catch (Exception e) {
            set(State.failed("issuer_unreachable"));
        }
    }

    private synchronized void set(State s) {
        state = s;
    }
}
