package dev.riffle.agent.cli;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.login.LoginMain;
import dev.riffle.agent.login.LoginOptions;
import dev.riffle.agent.login.TokenRefresher;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@code ./riffle agent}: one agent beside a player; prints the playlist URL to open in ffplay, VLC or mpv. */
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
        System.out.println("riffle agent " + agent.id() + " on http://127.0.0.1:" + port
                + " (status: /status, metrics: /metrics)"
                + o.tracker().map(t -> ", tracker " + t).orElse(", no tracker: no peers"));
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
        Optional<Path> file = o.tokenFile().or(() -> {
            Path stored = LoginOptions.defaultConfigDir(home).resolve(TokenStore.FILE);
            return Files.exists(stored) ? Optional.of(stored) : Optional.empty();
        });
        if (file.isEmpty()) {
            return () -> {
                throw new IllegalStateException("not signed in: run ./riffle agent login (or give --token-file)");
            };
        }
        Path f = file.get();
        Optional<TokenStore> store = TokenStore.ofFile(f);
        if (store.isPresent()) {
            TokenRefresher.start(store.get(), msg -> System.err.println("riffle agent: " + msg));
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
