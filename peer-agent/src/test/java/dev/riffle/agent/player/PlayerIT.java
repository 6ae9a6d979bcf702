package dev.riffle.agent.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real title on a real HTTP edge on 127.0.0.1 (Vert.x static files laid out as the origin serves them, plus a small
 * key endpoint standing in for drm-license's {@code GET /v1/keys/{kid}}), two agents in one JVM over real WebRTC, and
 * ffmpeg decoding the whole title through each agent.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PlayerIT {
    private static final String TOKEN = "subscriber-token";

    @TempDir
    Path dir;

    private StaticEdge edge;
    private final AtomicInteger keyRequests = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TestTitle title;

    @BeforeEach
    void start() throws Exception {
        title = TestTitle.create(dir.resolve("origin"), "test-pattern", 10, 7);
        edge = StaticEdge.start(
                dir.resolve("origin"), router -> router.get("/v1/keys/:kid").handler(rc -> {
                    keyRequests.incrementAndGet();
                    if (!("Bearer " + TOKEN).equals(rc.request().getHeader("Authorization"))) {
                        rc.response().setStatusCode(401).end();
                    } else if (!rc.pathParam("kid").equals(title.kid().base64url())) {
                        rc.response().setStatusCode(404).end();
                    } else {
                        rc.response().putHeader("Riffle-Session-Id", "s1").end(Buffer.buffer(title.key()));
                    }
                }));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edge != null) edge.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Agent agent(String name, RtcFactory rtc, InProcessSignaling hub, SchedulerConfig scheduler)
            throws Exception {
        URI base = edge.base();
        var config = AgentConfig.of(name, base, base, dir.resolve("cache-" + name), 200_000_000, 0, () -> TOKEN)
                .withScheduler(scheduler);
        var agent = new Agent(edge.vertx(), config, rtc, hub.endpoint(new dev.riffle.agent.scheduler.PeerId(name)));
        toClose.add(0, agent);
        await(agent.start());
        return agent;
    }

    /** The second viewer: a short urgent window, so whatever is not needed at once comes from the peer. */
    private static final SchedulerConfig P2P_FIRST = SchedulerConfig.defaults().toBuilder()
            .urgentWindowMillis(0)
            .deadlineMarginMillis(500)
            .build();

    @Test
    void aPeerServingCorruptBytesIsBannedAndPlaybackIsUnaffected() throws Exception {
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        toClose.add(rtc);
        toClose.add(hub);
        Agent a = agent("mallory", rtc, hub, SchedulerConfig.defaults());
        FfmpegDecode.assertDecodesCleanly(a.playUrl(title.titleId()), dir.resolve("ffmpeg-a.log"));
        // Flip one byte in every segment mallory holds, behind its cache's back: same sizes, wrong hashes.
        try (var files = Files.walk(dir.resolve("cache-mallory").resolve(title.titleId()))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
                byte[] b = Files.readAllBytes(f);
                b[b.length / 2] ^= 0x5a;
                Files.write(f, b);
            }
        }
        Agent b = agent("bob", rtc, hub, P2P_FIRST);
        await(b.session(title.titleId()));
        await(b.connect(a.id(), title.titleId(), title.rendition()));
        FfmpegDecode.assertDecodesCleanly(b.playUrl(title.titleId()), dir.resolve("ffmpeg-b.log"));

        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();
        assertThat(b.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        assertThat(b.counters().bans.get()).isEqualTo(1);
        assertThat(b.counters().hashMismatches.get()).isPositive();
        assertThat(b.counters().bytesFromPeers.get()).isZero();
        assertThat(b.transport().isBanned(a.id())).isTrue();
        assertThat(b.peers()).isEmpty();
    }

    @Test
    void ffmpegDecodesATitleThroughTwoAgentsAndTheSecondTakesSegmentsFromTheFirst() throws Exception {
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        toClose.add(rtc);
        toClose.add(hub);
        Agent a = agent("alice", rtc, hub, SchedulerConfig.defaults());
        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();

        FfmpegDecode.assertDecodesCleanly(a.playUrl(title.titleId()), dir.resolve("ffmpeg-a.log"));
        assertThat(a.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        assertThat(a.counters().bytesFromPeers.get()).isZero();
        assertThat(a.counters().startupMillis.get()).isNotNegative();

        Agent b = agent("bob", rtc, hub, P2P_FIRST);
        await(b.session(title.titleId()));
        await(b.connect(a.id(), title.titleId(), title.rendition()));
        FfmpegDecode.assertDecodesCleanly(b.playUrl(title.titleId()), dir.resolve("ffmpeg-b.log"));

        assertThat(b.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        assertThat(b.counters().bytesFromPeers.get()).as("bytes from alice").isPositive();
        assertThat(a.bytesUploaded()).isPositive();
        assertThat(b.counters().bans.get()).isZero();
        System.out.printf(
                "bob: %d B from peers, %d B from CDN (offload %.2f), alice uploaded %d B, startup %d ms, stalls %d%n",
                b.counters().bytesFromPeers.get(),
                b.counters().bytesFromCdn.get(),
                b.counters().offloadRatio(),
                a.bytesUploaded(),
                b.counters().startupMillis.get(),
                b.counters().stalls.get());
        assertThat(keyRequests.get())
                .as("keys fetched once per agent, then from memory")
                .isEqualTo(2);

        var client = WebClient.create(edge.vertx());
        try {
            var metrics = await(client.getAbs("http://127.0.0.1:" + b.port() + "/metrics")
                            .send())
                    .bodyAsString();
            assertThat(metrics).contains("riffle_agent_bytes_total{source=\"peer\"}", "riffle_agent_offload_ratio");
            var status = await(client.getAbs("http://127.0.0.1:" + b.port() + "/status")
                            .send())
                    .bodyAsJsonObject();
            assertThat(status.getLong("bytesFromPeers")).isPositive();
            var bobSources = deliveredSources(status, title.rendition(), Math.min(segments, 64));
            assertThat(bobSources).as("bob's segment sources").allMatch(Set.of("peer", "cdn", "mixed")::contains);
            assertThat(bobSources).contains("peer");
            var fromPeers = status
                    .getJsonArray("titles")
                    .getJsonObject(0)
                    .getJsonObject("delivered")
                    .getJsonArray(title.rendition())
                    .stream()
                    .map(o -> ((io.vertx.core.json.JsonObject) o).getString("peer"))
                    .filter(java.util.Objects::nonNull)
                    .distinct()
                    .toList();
            assertThat(fromPeers).containsExactly(a.id().value());
            var aliceStatus = await(client.getAbs("http://127.0.0.1:" + a.port() + "/status")
                            .send())
                    .bodyAsJsonObject();
            assertThat(deliveredSources(aliceStatus, title.rendition(), Math.min(segments, 64)))
                    .as("alice played from the edge alone")
                    .containsOnly("cdn");
            var bad = await(client.getAbs("http://127.0.0.1:" + b.port() + "/play/test-pattern/720p/99.ts")
                    .send());
            assertThat(bad.statusCode()).isEqualTo(404);
            assertThat(bad.getHeader("Content-Type")).isEqualTo("application/problem+json");
            var unknown = await(client.getAbs("http://127.0.0.1:" + b.port() + "/play/no-such/master.m3u8")
                    .send());
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.bodyAsJsonObject().getString("type")).endsWith("/unknown-title");
        } finally {
            client.close();
        }
    }

    /** The {@code source} of each segment /status lists as delivered for the rendition; checks how many there are. */
    private static List<String> deliveredSources(io.vertx.core.json.JsonObject status, String rendition, int expected) {
        var delivered = status.getJsonArray("titles")
                .getJsonObject(0)
                .getJsonObject("delivered")
                .getJsonArray(rendition);
        assertThat(delivered).hasSize(expected);
        return delivered.stream()
                .map(o -> ((io.vertx.core.json.JsonObject) o).getString("source"))
                .toList();
    }
}
