package dev.riffle.agent.login;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Keeps the stored access token fresh while the agent runs: wakes at {@link TokenSet#renewAt()}, trades the refresh
 * token for new tokens and saves them (the agent reads the file on every use, so the next request carries the new
 * token). A failed refresh is retried every 10 s while the refresh token may still work; a refused one
 * ({@code invalid_grant}) is reported once through {@code notice} and not retried until the file changes (a new
 * {@code login}). One daemon thread; {@link #close()} stops it.
 */
public final class TokenRefresher implements AutoCloseable {
    static final Duration RETRY = Duration.ofSeconds(10);
    /** Also re-reads the file this often, so a new login by another process is noticed. */
    static final Duration MAX_SLEEP = Duration.ofMinutes(1);

    private final TokenStore store;
    private final Function<TokenSet, OidcClient> clients;
    private final InstantSource clock;
    private final Consumer<String> notice;
    private final ScheduledExecutorService timer;
    private volatile int refreshes;
    private String refusedAccessToken;

    public TokenRefresher(
            TokenStore store, Function<TokenSet, OidcClient> clients, InstantSource clock, Consumer<String> notice) {
        this.store = store;
        this.clients = clients;
        this.clock = clock;
        this.notice = notice;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-token-refresh");
            t.setDaemon(true);
            return t;
        });
    }

    /** For the CLI: an {@link OidcClient} per stored issuer/client. */
    public static TokenRefresher start(TokenStore store, Consumer<String> notice) {
        TokenRefresher r = new TokenRefresher(
                store,
                t -> new OidcClient(t.issuer(), t.clientId(), InstantSource.system(), Duration.ofSeconds(10)),
                InstantSource.system(),
                notice);
        r.timer.execute(r::tick);
        return r;
    }

    public int refreshes() {
        return refreshes;
    }

    /** Refreshes now if due (or {@code force}); returns how long to wait before the next look. Runs on any thread. */
    public synchronized Duration refreshIfDue(boolean force) {
        Optional<TokenSet> loaded;
        try {
            loaded = store.load();
        } catch (IOException | RuntimeException e) {
            notice.accept("cannot read " + store.file() + ": " + e.getMessage());
            return RETRY;
        }
        if (loaded.isEmpty()) return MAX_SLEEP;
        TokenSet t = loaded.get();
        Instant now = clock.instant();
        if (!force && now.isBefore(t.renewAt())) return min(Duration.between(now, t.renewAt()), MAX_SLEEP);
        if (!t.canRefresh(now) || t.accessToken().equals(refusedAccessToken)) return MAX_SLEEP;
        try {
            store.save(clients.apply(t).refresh(t));
            refreshes++;
            return Duration.ZERO.plusMillis(1);
        } catch (OidcClient.OidcException e) {
            if ("invalid_grant".equals(e.error())) {
                refusedAccessToken = t.accessToken();
                notice.accept("the sign-in has ended (" + e.getMessage() + "): run ./riffle agent login");
                return MAX_SLEEP;
            }
            notice.accept("token refresh failed, retrying: " + e.getMessage());
            return RETRY;
        } catch (IOException e) {
            notice.accept("cannot save refreshed tokens: " + e.getMessage());
            return RETRY;
        }
    }

    private void tick() {
        Duration next;
        try {
            next = refreshIfDue(false);
        } catch (RuntimeException e) {
            next = RETRY;
        }
        if (!timer.isShutdown()) timer.schedule(this::tick, Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
