package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.FfmpegDecode;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.testing.TestTracker;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.TransportConfig;
import dev.riffle.testkit.Coturn;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RiffleRealm;
import io.vertx.core.Future;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents in relay-only mode reach each other through Debian's coturn, with TURN credentials the real tracker
 * minted from the secret it shares with coturn ({@code use-auth-secret}); neither agent was given an ICE server of
 * its own. Relay-only leaves libwebrtc no host or reflexive candidate, so the segments B plays from A crossed the
 * relay, and the only addresses either peer learnt of the other are relayed ones.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TurnRelayIT {
    private static final String SECRET = "turn-relay-it-" + Long.toHexString(System.nanoTime()) + "-secret";

    private static LicenseServer license;
    private static Coturn turn;
    private static QuarkusApp tracker;

    @TempDir
    Path dir;

    private StaticEdge edge;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        Path work = Files.createDirectories(
                Path.of("target", "it-turn-" + System.nanoTime()).toAbsolutePath());
        turn = Coturn.builder(work.resolve("coturn"), SECRET).start();
        license = LicenseServer.start(work);
        tracker = TestTracker.start(
                work,
                license,
                java.util.Map.of(
                        "riffle.tracker.ice.turn-urls",
                        turn.turnUrl(),
                        "riffle.tracker.ice.turn-secret",
                        SECRET,
                        "riffle.tracker.ice.credential-ttl",
                        "10m"));
    }

    @AfterAll
    static void stopServers() {
        if (tracker != null) tracker.close();
        if (license != null) license.close();
        if (turn != null) turn.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edge != null) edge.close();
    }

    private static <T> T sync(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static final TransportConfig RELAY_ONLY = TransportConfig.defaults().withRelayOnly(true);

    @Test
    void relayOnlyAgentsPlayFromEachOtherThroughCoturnWithTheTrackersCredentials() throws Exception {
        TestTitle title = TestTitle.create(dir.resolve("origin"), "relayed", 6, 11);
        OidcTokens idp = OidcTokens.forIssuer(license.issuer());
        String aliceToken = idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE);
        String bobToken = idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.BOB);
        Set<String> tokens = Set.of("Bearer " + aliceToken, "Bearer " + bobToken);
        edge = StaticEdge.withKeyEndpoint(dir.resolve("origin"), title.key(), tokens);
        URI base = edge.base();
        var rtc = new RtcFactory();
        toClose.add(rtc);
        TrackerSettings settings = TrackerSettings.defaults(tracker.url());

        Agent a = sync(Agent.withTracker(
                edge.vertx(),
                AgentConfig.of("a", base, base, dir.resolve("cache-a"), 200_000_000, 0, () -> aliceToken)
                        .withTransport(RELAY_ONLY),
                rtc,
                settings));
        toClose.add(0, a);
        // The tracker's TURN server, with a credential naming A's account by its tag and expiring in 10 minutes.
        var servers = a.transport().iceServers();
        assertThat(servers).hasSize(1);
        assertThat(servers.get(0).urls()).containsExactly(turn.turnUrl());
        String aliceUser = servers.get(0).username().orElseThrow();
        assertThat(aliceUser).matches("\\d+:[A-Za-z0-9_-]{16}");
        long expiry = Long.parseLong(aliceUser.split(":")[0]);
        assertThat(expiry - System.currentTimeMillis() / 1000).isBetween(500L, 600L);

        FfmpegDecode.assertDecodesCleanly(a.playUrl(title.titleId()), dir.resolve("ffmpeg-a.log"));
        await("A announced")
                .atMost(Duration.ofSeconds(10))
                .until(() -> a.tracker().orElseThrow().announces() > 0);

        Agent b = sync(Agent.withTracker(
                edge.vertx(),
                AgentConfig.of("b", base, base, dir.resolve("cache-b"), 200_000_000, 0, () -> bobToken)
                        .withTransport(RELAY_ONLY)
                        .withScheduler(SchedulerConfig.defaults().toBuilder()
                                .urgentWindowMillis(0)
                                .deadlineMarginMillis(500)
                                .build()),
                rtc,
                settings));
        toClose.add(0, b);
        sync(b.session(title.titleId()));
        await("B connected to A through the relay")
                .atMost(Duration.ofSeconds(30))
                .until(() -> b.peers().containsKey(a.id()));
        FfmpegDecode.assertDecodesCleanly(b.playUrl(title.titleId()), dir.resolve("ffmpeg-b.log"));
        assertThat(b.counters().bytesFromPeers.get())
                .as("bytes B took from A over TURN")
                .isPositive();

        for (Agent agent : List.of(a, b)) {
            var seen = agent.transport().remoteCandidateTypes();
            assertThat(seen.get("relay"))
                    .as("relay candidates %s received", agent.id())
                    .isPositive();
            assertThat(seen.get("host") + seen.get("srflx") + seen.get("prflx"))
                    .as("host/reflexive candidates %s received: %s", agent.id(), seen)
                    .isZero();
        }
        // coturn accepted the tracker's credentials for both accounts (it logs the user of each allocation).
        String bobUser = b.transport().iceServers().get(0).username().orElseThrow();
        assertThat(bobUser).isNotEqualTo(aliceUser);
        String log = Files.readString(turn.log());
        for (String user : List.of(aliceUser, bobUser)) {
            assertThat(log).contains("user <" + user + ">: incoming packet ALLOCATE processed, success");
        }
    }

    @Test
    void relayOnlyWithoutATurnServerFailsClearly() throws Exception {
        // Stand-in trackers that hand out no TURN server (an empty list; no ICE endpoint at all): a relay-only agent
        // refuses to start rather than reach nobody (it fails before its signalling socket, which they do not have).
        var rtc = new RtcFactory();
        toClose.add(rtc);
        edge = StaticEdge.start(Files.createDirectories(dir.resolve("empty")), router -> {});
        URI base = edge.base();
        String token = OidcTokens.forIssuer(license.issuer()).password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE);
        var emptyList = StaticEdge.start(
                Files.createDirectories(dir.resolve("no-turn")),
                router -> router.get("/v1/ice-servers").handler(rc -> rc.response()
                        .putHeader("Content-Type", "application/json")
                        .end("{\"iceServers\":[]}")));
        toClose.add(emptyList);
        var noEndpoint = StaticEdge.start(Files.createDirectories(dir.resolve("no-endpoint")), router -> {});
        toClose.add(noEndpoint);
        for (URI stand : List.of(emptyList.base(), noEndpoint.base())) {
            var failure = org.assertj.core.api.Assertions.catchThrowable(() -> sync(Agent.withTracker(
                    edge.vertx(),
                    AgentConfig.of("c", base, base, dir.resolve("cache-c"), 200_000_000, 0, () -> token)
                            .withTransport(RELAY_ONLY),
                    rtc,
                    TrackerSettings.defaults(stand))));
            assertThat(failure).as(stand.toString()).isInstanceOf(ExecutionException.class);
            assertThat(failure.getCause()).hasMessageContaining("relay-only mode needs a TURN server");
        }
    }
}
