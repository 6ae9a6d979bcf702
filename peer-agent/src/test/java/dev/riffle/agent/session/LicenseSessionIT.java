package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.FfmpegDecode;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's drm-license sessions against the real packaged drm-license (one stream per account here, sessions lapse
 * after 6 s without heartbeat, heartbeat every second): the first device keeps its slot past the TTL by heartbeating,
 * a second device of the same account is refused while it plays, and admitted once the first stops — explicitly
 * ({@link Agent#closeSession}) or because its player went idle.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LicenseSessionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String TITLE = "licensed";

    @TempDir
    static Path shared;

    private static LicenseServer license;
    private static TestTitle title;
    private static OidcTokens idp;

    @TempDir
    Path dir;

    private StaticEdge edgeServer;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        license = LicenseServer.start(
                shared.resolve("license"),
                "riffle.license.limits.concurrent-streams=1",
                "riffle.license.sessions.ttl=PT6S",
                "riffle.license.sessions.heartbeat-interval=PT1S");
        idp = OidcTokens.forIssuer(license.issuer());
        // The title's key comes from drm-license's packager API, as the origin would get it.
        String origin = idp.clientCredentials(RiffleRealm.ORIGIN_CLIENT, RiffleRealm.ORIGIN_SECRET);
        var r = HTTP.send(
                HttpRequest.newBuilder(URI.create(license.url() + "/v1/packager/titles/" + TITLE + "/key"))
                        .header("Authorization", "Bearer " + origin)
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode k = JSON.readTree(r.body());
        title = TestTitle.create(
                shared.resolve("origin"),
                TITLE,
                8,
                5,
                Base64.getUrlDecoder().decode(k.path("key").asText()),
                Base64.getUrlDecoder().decode(k.path("kid").asText()));
        // ... and the keys that sign its manifest are pushed there as the origin does, for agents to trust.
        var keys = HTTP.send(
                HttpRequest.newBuilder(URI.create(license.url() + "/v1/packager/manifest-keys"))
                        .header("Authorization", "Bearer " + origin)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(title.signingKeys()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(keys.statusCode()).as(keys.body()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (license != null) license.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edgeServer != null) edgeServer.close();
    }

    @Test
    void aSecondDeviceIsAdmittedOnlyAfterTheFirstStreamCloses() throws Exception {
        String dave = idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.DAVE);
        URI edge = edge();
        Agent a = agent("dev-a", edge, () -> dave, AgentConfig.DEFAULT_PLAYER_IDLE);
        Agent b = agent("dev-b", edge, () -> dave, AgentConfig.DEFAULT_PLAYER_IDLE);

        FfmpegDecode.assertDecodesCleanly(a.playUrl(TITLE), dir.resolve("ffmpeg-a.log"));
        var session = a.licenses().sessionId(TITLE);
        assertThat(session).isPresent();

        // Past the server's 6 s TTL: only the heartbeats keep A's stream slot. One heartbeat a second, so the eighth
        // comes at least 8 s after the session opened.
        eventually(
                "A heartbeated past the server's TTL",
                Duration.ofSeconds(60),
                () -> a.licenses().heartbeats() >= 8);
        assertThat(a.licenses().sessionId(TITLE))
                .as("the same session, never lapsed")
                .isEqualTo(session);
        assertThat(keyStatus(b)).isEqualTo(403);
        assertThat(b.licenses().sessionId(TITLE)).isEmpty();

        await(a.closeSession(TITLE));
        assertThat(a.licenses().sessionId(TITLE)).isEmpty();
        assertThat(a.licenses().releases()).isEqualTo(1);
        assertThat(keyStatus(b)).isEqualTo(200);
        FfmpegDecode.assertDecodesCleanly(b.playUrl(TITLE), dir.resolve("ffmpeg-b.log"));
    }

    @Test
    void anIdlePlayerGivesUpItsSlotAndIsRefusedWhenItComesBackToAFullAccount() throws Exception {
        String carol = idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.CAROL);
        URI edge = edge();
        Agent a = agent("idle-a", edge, () -> carol, Duration.ofSeconds(2));
        Agent b = agent("idle-b", edge, () -> carol, AgentConfig.DEFAULT_PLAYER_IDLE);

        assertThat(keyStatus(a)).isEqualTo(200);
        assertThat(keyStatus(b)).isEqualTo(403);
        // No player request on A for 2 s: its slot is released well before the server's TTL would end it.
        eventually(
                "A released its idle session",
                Duration.ofSeconds(5),
                () -> a.licenses().releases() == 1);
        assertThat(keyStatus(b)).isEqualTo(200);

        // A's player comes back: the agent asks for a slot again, and the account's only one is B's now.
        assertThat(keyStatus(a)).isEqualTo(403);
        assertThat(a.licenses().sessionId(TITLE)).isEmpty();
    }

    private Agent agent(String device, URI edge, java.util.function.Supplier<String> token, Duration idle)
            throws Exception {
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        AgentConfig config = AgentConfig.of(
                        device, edge, license.url(), dir.resolve("cache-" + device), 100_000_000, 0, token)
                .withPlayerIdle(idle);
        Agent agent = new Agent(edgeServer.vertx(), config, rtc, hub.endpoint(new PeerId(device)));
        toClose.add(0, rtc);
        toClose.add(0, hub);
        toClose.add(0, agent);
        await(agent.start());
        return agent;
    }

    private URI edge() throws Exception {
        edgeServer = StaticEdge.start(shared.resolve("origin"));
        return edgeServer.base();
    }

    private static int keyStatus(Agent agent) throws Exception {
        URI key = URI.create("http://127.0.0.1:" + agent.port() + "/play/" + TITLE + "/keys/"
                + title.kid().base64url());
        return HTTP.send(HttpRequest.newBuilder(key).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static void eventually(String what, Duration within, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(100);
        }
    }
}
