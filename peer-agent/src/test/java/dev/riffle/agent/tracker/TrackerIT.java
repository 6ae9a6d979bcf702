package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.FfmpegDecode;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.testing.LicenseServer;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.testing.TestTracker;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RiffleRealm;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two agents that find each other only through the real tracker-service (its packaged app, admitting subscribers with
 * tokens from the real drm-license's dev issuer): agent A plays a title from the edge, agent B announces, gets A from
 * the tracker, dials it with the handshake relayed by the tracker's WebSocket, takes segments from A over WebRTC while
 * ffmpeg decodes through B, and both report stats that the tracker's {@code GET /v1/stats} then shows.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TrackerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static LicenseServer license;
    private static QuarkusApp tracker;

    @TempDir
    Path dir;

    private StaticEdge edge;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void servers() throws Exception {
        Path work = Files.createDirectories(
                Path.of("target", "it-tracker-" + System.nanoTime()).toAbsolutePath());
        license = LicenseServer.start(work);
        tracker = TestTracker.start(work, license, java.util.Map.of());
    }

    @AfterAll
    static void stopServers() {
        if (tracker != null) tracker.close();
        if (license != null) license.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edge != null) edge.close();
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

    /** The second viewer: a short urgent window, so whatever is not needed at once comes from the peer. */
    private static final SchedulerConfig P2P_FIRST = SchedulerConfig.defaults().toBuilder()
            .urgentWindowMillis(0)
            .deadlineMarginMillis(500)
            .build();

    @Test
    void agentsFindEachOtherThroughTheTrackerAndItsStatsShowThePeerBytes() throws Exception {
        TestTitle title = TestTitle.create(dir.resolve("origin"), "tracked", 10, 11);
        OidcTokens idp = OidcTokens.forIssuer(license.issuer());
        String aliceToken = idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE);
        String bobToken = idp.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.BOB);
        Set<String> tokens = Set.of("Bearer " + aliceToken, "Bearer " + bobToken);

        // The key endpoint stands in for drm-license's GET /v1/keys/{kid}: the fixture's key is not registered there.
        edge = StaticEdge.withKeyEndpoint(dir.resolve("origin"), title.key(), tokens);
        URI base = edge.base();
        var rtc = new RtcFactory();
        toClose.add(rtc);
        TrackerSettings settings = TrackerSettings.defaults(tracker.url()).withStatsEvery(Duration.ofMillis(500));

        Agent a = await(Agent.withTracker(
                edge.vertx(),
                AgentConfig.of("a", base, base, dir.resolve("cache-a"), 200_000_000, 0, () -> aliceToken),
                rtc,
                settings));
        toClose.add(0, a);
        assertThat(a.id().value()).as("peer id named by the tracker").matches("[A-Za-z0-9_-]{16}\\.a");
        FfmpegDecode.assertDecodesCleanly(a.playUrl(title.titleId()), dir.resolve("ffmpeg-a.log"));
        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();
        assertThat(a.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        eventually(
                "A announced",
                Duration.ofSeconds(10),
                () -> a.tracker().orElseThrow().announces() > 0);

        Agent b = await(Agent.withTracker(
                edge.vertx(),
                AgentConfig.of("b", base, base, dir.resolve("cache-b"), 200_000_000, 0, () -> bobToken)
                        .withScheduler(P2P_FIRST),
                rtc,
                settings));
        toClose.add(0, b);
        assertThat(b.id()).isNotEqualTo(a.id());
        // Opening the title puts B in its swarms: it announces and dials the peers the tracker hands back, while
        // the player has not asked for anything yet.
        await(b.session(title.titleId()));
        eventually("B connected to A through the tracker", Duration.ofSeconds(20), () -> b.peers()
                .containsKey(a.id()));
        // What the tracker said, for B's scheduler: the swarm's size (A and B) and the peers it handed out.
        var swarmReport = b.swarmReports().of(title.manifest().swarmId(title.rendition()));
        assertThat(swarmReport.size()).as("swarm size the tracker reported").isEqualTo(2);
        assertThat(swarmReport.announced()).containsExactly(a.id());

        FfmpegDecode.assertDecodesCleanly(b.playUrl(title.titleId()), dir.resolve("ffmpeg-b.log"));
        assertThat(b.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        long peerBytes = b.counters().bytesFromPeers.get();
        assertThat(peerBytes).as("bytes B took from A").isPositive();
        assertThat(a.bytesUploaded()).isPositive();

        // Both agents report every 500 ms; the tracker's totals catch up with what they counted.
        long cdnBytes =
                a.counters().bytesFromCdn.get() + b.counters().bytesFromCdn.get();
        eventually("tracker stats show the reported bytes", Duration.ofSeconds(15), () -> {
            JsonNode totals = stats().path("totals");
            return totals.path("bytesFromPeers").asLong() == peerBytes
                    && totals.path("bytesFromCdn").asLong() == cdnBytes
                    && totals.path("bytesUploaded").asLong() == a.bytesUploaded();
        });
        JsonNode totals = stats().path("totals");
        System.out.printf(
                "tracker totals: %d B from peers, %d B from CDN, %d B uploaded, offload %.2f, startups %d%n",
                totals.path("bytesFromPeers").asLong(),
                totals.path("bytesFromCdn").asLong(),
                totals.path("bytesUploaded").asLong(),
                totals.path("offloadRatio").asDouble(),
                totals.path("startups").asLong());
        assertThat(totals.path("startups").asLong()).isGreaterThanOrEqualTo(2);
        var status = JSON.readTree(HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + b.port() + "/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body());
        assertThat(status.path("agentId").asText()).isEqualTo(b.id().value());
        assertThat(status.path("tracker").path("announces").asLong()).isPositive();
        assertThat(status.path("tracker").path("statsReports").asLong()).isPositive();
    }

    private static JsonNode stats() {
        try {
            var r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(tracker.url() + "/v1/stats"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body());
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
