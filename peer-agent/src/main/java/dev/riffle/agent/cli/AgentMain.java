package dev.riffle.agent.cli;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.app.PageLogin;
import dev.riffle.agent.login.LoginMain;
import dev.riffle.agent.login.LoginOptions;
import dev.riffle.agent.login.OidcClient;
import dev.riffle.agent.login.TokenRefresher;
import dev.riffle.agent.login.TokenSet;
import dev.riffle.agent.login.TokenStore;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.TransportConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code ./riffle agent}: one agent beside a player; prints its app's URL (catalogue, player, my titles, settings) and,
 * with {@code --title}, the playlist URL to open in ffplay, VLC or mpv.
 */
public final class AgentMain {
    private AgentMain() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(System.getProperty("user.home"));
        if (args.length > 0 && (args[0].equals("login") || args[0].equals("logout"))) {
            var rest = List.of(args).subList(1, args.length);
            System.exit(
                    args[0].equals("login")
                            ? LoginMain.login(rest, home, System.out, System.err)
                            : LoginMain.logout(rest, home, System.out, System.err));
            return;
        }
        AgentOptions o;
        try {
            var parsed = AgentOptions.parse(List.of(args), home);
            if (parsed.isEmpty()) {
                System.out.print(AgentOptions.USAGE);
                return;
            }
            o = parsed.get();
        } catch (AgentOptions.BadFlags e) {
            System.err.println("riffle agent: " + e.getMessage());
            System.err.print(AgentOptions.USAGE);
            System.exit(2);
            return;
        }
        String id = o.agentId().orElse("agent-" + UUID.randomUUID().toString().substring(0, 8));
        AgentConfig config = AgentConfig.of(
                        id, o.origin(), o.license(), o.cacheDir(), o.cacheBytes(), o.port(), token(o, home))
                .withTracker(o.tracker().orElse(null))
                .withEdges(o.edges())
                .withTransport(TransportConfig.defaults()
                        .withUploadCap(o.uploadBytesPerSec())
                        .withIceServers(o.iceServers())
                        .withRelayOnly(o.relayOnly()));
        if (o.signingKeys().isPresent()) {
            try {
                config = config.withManifestTrust(
                        OriginClient.ManifestTrust.pinned(o.signingKeys().get()));
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println(
                        "riffle agent: --signing-keys " + o.signingKeys().get() + ": " + e.getMessage());
                System.exit(2);
                return;
            }
        }
        Vertx vertx = Vertx.vertx();
        RtcFactory rtc = new RtcFactory();
        // Without a tracker: a hub of one, so the transport runs and seeds nobody (peers only by hand, in tests).
        InProcessSignaling hub = new InProcessSignaling();
        Agent agent;
        int port;
        try {
            if (o.tracker().isPresent() && !signedIn(o, home)) {
                // The tracker names the agent after the subscriber's account: sign in first, in the app's page.
                config = config.withPort(
                        signInFirst(vertx, config, rtc, hub, pageLogin(o, home).orElseThrow()));
            }
            if (o.tracker().isPresent()) {
                // The tracker names the agent (<account tag>.<device>): the signalling socket opens first.
                agent = Agent.withTracker(
                                vertx,
                                config,
                                rtc,
                                TrackerSettings.defaults(o.tracker().get()))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
            } else {
                agent = new Agent(vertx, config, rtc, hub.endpoint(new PeerId(id)));
                agent.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            port = agent.port();
            pageLogin(o, home).ifPresent(agent::pageLogin);
        } catch (Exception e) {
            System.err.println("riffle agent: cannot start: " + rootMessage(e));
            rtc.close();
            hub.close();
            vertx.close();
            RtcFactory.quietNativeExit();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                // Give the account's stream slots back before going (they would lapse after the server's TTL anyway).
                agent.licenses()
                        .releaseAll()
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(3, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down anyway
            }
            // In order: the agent's links, then the factory they were made with, then the rest.
            agent.close();
            rtc.close();
            hub.close();
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // shutting down anyway
            }
            RtcFactory.quietNativeExit();
        }));
        if (o.reportFile().isPresent()) reportEvery2s(agent, o.reportFile().get());
        System.out.println("riffle agent " + agent.id() + " on http://127.0.0.1:" + port
                + " (status: /status, metrics: /metrics)"
                + o.tracker().map(t -> ", tracker " + t).orElse(", no tracker: no peers"));
        System.out.println(
                "app: " + agent.appUrl() + "  (open it in a browser: catalogue, player, my titles, settings)");
        if (o.title().isPresent()) {
            String title = o.title().get();
            try {
                agent.session(title).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                System.out.println("verified the signed manifest of " + title);
            } catch (Exception e) {
                System.err.println("warning: manifest of " + title + " not loaded yet: " + e.getMessage());
            }
            System.out.println("play: ffplay http://127.0.0.1:" + port + "/play/" + title + "/master.m3u8");
        } else {
            System.out.println("play: http://127.0.0.1:" + port + "/play/<titleId>/master.m3u8");
        }
    }

    private static void reportEvery2s(Agent agent, Path file) {
        var timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-report-file");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        ReportFile.write(agent, file);
                    } catch (IOException | RuntimeException e) {
                        System.err.println("riffle agent: cannot write " + file + ": " + e.getMessage());
                    }
                },
                0,
                2,
                TimeUnit.SECONDS);
    }

    private static boolean signedIn(AgentOptions o, Path home) {
        Optional<TokenStore> store = tokenStore(o, home);
        if (store.isEmpty()) return true; // a plain token file: the tracker says whether it is any good
        try {
            return store.get().load().isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Serves the app without a tracker until the subscriber signed in from its page (or with {@code ./riffle agent
     * login}); returns the port, which the agent proper takes over.
     */
    private static int signInFirst(
            Vertx vertx, AgentConfig config, RtcFactory rtc, InProcessSignaling hub, PageLogin login) throws Exception {
        var signedIn = new java.util.concurrent.CompletableFuture<Void>();
        Agent first =
                new Agent(vertx, config.withTracker(null), rtc, hub.endpoint(new PeerId(config.agentId() + "-signin")));
        int port;
        try {
            first.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            port = first.port();
            first.pageLogin(new PageLogin(login, () -> signedIn.complete(null)));
            System.out.println("not signed in: open " + first.appUrl() + " and sign in there"
                    + " (or run ./riffle agent login); the agent starts once you are signed in");
            signedIn.get();
        } finally {
            first.close();
        }
        // The first server's port is released asynchronously: give it a moment to be free.
        for (int i = 0; i < 50; i++) {
            try (var probe = new java.net.ServerSocket()) {
                probe.bind(new java.net.InetSocketAddress("127.0.0.1", port));
                break;
            } catch (IOException busy) {
                Thread.sleep(100);
            }
        }
        return port;
    }

    /** The tokens.json the agent reads its token from, if it reads one (not a plain token file). */
    private static Optional<TokenStore> tokenStore(AgentOptions o, Path home) {
        return o.tokenFile().isEmpty()
                ? Optional.of(new TokenStore(LoginOptions.defaultConfigDir(home)))
                : TokenStore.ofFile(o.tokenFile().get());
    }

    private static final java.util.concurrent.atomic.AtomicBoolean REFRESHING =
            new java.util.concurrent.atomic.AtomicBoolean();

    private static void keepFresh(TokenStore store) {
        if (REFRESHING.compareAndSet(false, true))
            TokenRefresher.start(store, msg -> System.err.println("riffle agent: " + msg));
    }

    /**
     * Sign-in from the app's page, into the store the agent reads: against the issuer of the tokens already stored,
     * else drm-license's development issuer beside {@code --license}.
     */
    private static Optional<PageLogin> pageLogin(AgentOptions o, Path home) {
        return tokenStore(o, home).map(store -> {
            URI issuer;
            try {
                issuer = store.load()
                        .map(TokenSet::issuer)
                        .orElse(URI.create(o.license().toString().replaceAll("/+$", "") + "/dev-idp"));
            } catch (IOException | RuntimeException e) {
                issuer = URI.create(o.license().toString().replaceAll("/+$", "") + "/dev-idp");
            }
            var oidc = new OidcClient(issuer, "riffle-agent", InstantSource.system(), Duration.ofSeconds(10));
            return new PageLogin(oidc, store, "openid", () -> keepFresh(store));
        });
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) e = e.getCause();
        return String.valueOf(e.getMessage());
    }

    /**
     * The token, read on each use so a refresh lands at once; never printed. {@code --token-file} may name a plain file
     * holding just the token, or a {@code tokens.json} written by {@code ./riffle agent login}; without the flag, the
     * login's default store is used if there is one. With a {@code tokens.json}, a {@link TokenRefresher} renews the
     * tokens before they expire.
     */
    private static Supplier<String> token(AgentOptions o, Path home) {
        // Without --token-file: the login's default store, even before anyone signed in (the app's page may do it).
        Path f = o.tokenFile().orElse(LoginOptions.defaultConfigDir(home).resolve(TokenStore.FILE));
        Optional<TokenStore> store = tokenStore(o, home);
        if (store.isPresent()) {
            if (Files.exists(f)) keepFresh(store.get());
            TokenStore s = store.get();
            return () -> {
                try {
                    return s.accessToken();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the stored tokens", e);
                }
            };
        }
        return () -> {
            try {
                return Files.readString(f, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the token file", e);
            }
        };
    }
}
