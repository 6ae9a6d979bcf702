package dev.riffle.agent.cdn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.FfmpegDecode;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.buffer.Buffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real HTTP edges serving the same title and an agent told to prefer the first: the first edge dies after its
 * third segment (with the request in flight beside it), and ffmpeg still decodes the whole title through the agent, every later segment from the second edge,
 * without a stall.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class EdgeFailoverIT {
    private static final String TOKEN = "subscriber-token";

    @TempDir
    Path dir;

    private StaticEdge origin, first, second;
    private Agent agent;
    private RtcFactory rtc;
    private InProcessSignaling hub;
    private final CompletableFuture<Void> firstDown = new CompletableFuture<>();

    @AfterEach
    void stop() throws Exception {
        if (agent != null) agent.close();
        if (hub != null) hub.close();
        if (rtc != null) rtc.close();
        if (first != null && !firstDown.isDone()) first.close();
        if (second != null) second.close();
        if (origin != null) origin.close();
    }

    @Test
    void whenThePreferredEdgeDiesMidTitleTheNextServesTheRestAndPlaybackGoesOn() throws Exception {
        TestTitle title = TestTitle.create(dir.resolve("content-root"), "failover", 12, 11);
        // the origin: manifest, signing keys and the key endpoint; the edges: segments only
        origin = StaticEdge.start(dir.resolve("content-root"), router -> router.get("/v1/keys/:kid")
                .handler(
                        rc -> rc.response().putHeader("Riffle-Session-Id", "s1").end(Buffer.buffer(title.key()))));
        AtomicInteger firstSegments = new AtomicInteger();
        AtomicInteger secondSegments = new AtomicInteger();
        first = StaticEdge.start(dir.resolve("content-root"), router -> router.route("/content/*")
                .handler(rc -> {
                    if (rc.request().path().endsWith(".ts") && firstSegments.incrementAndGet() == 3) {
                        // dies after this answer: the server and its Vert.x close, the port refuses from then on
                        rc.addEndHandler(v -> CompletableFuture.runAsync(() -> {
                            try {
                                first.close();
                                firstDown.complete(null);
                            } catch (Exception e) {
                                firstDown.completeExceptionally(e);
                            }
                        }));
                    }
                    rc.next();
                }));
        second = StaticEdge.start(dir.resolve("content-root"), router -> router.route("/content/*")
                .handler(rc -> {
                    if (rc.request().path().endsWith(".ts")) secondSegments.incrementAndGet();
                    rc.next();
                }));
        rtc = new RtcFactory();
        hub = new InProcessSignaling();
        var config = AgentConfig.of(
                        "viewer", origin.base(), origin.base(), dir.resolve("cache"), 200_000_000, 0, () -> TOKEN)
                .withEdges(List.of(first.base(), second.base()));
        agent = new Agent(origin.vertx(), config, rtc, hub.endpoint(new dev.riffle.agent.scheduler.PeerId("viewer")));
        agent.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

        FfmpegDecode.assertDecodesCleanly(agent.playUrl(title.titleId()), dir.resolve("ffmpeg.log"));

        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();
        firstDown.get(10, TimeUnit.SECONDS);
        // the agent asks for two segments at once, so a fourth may have been under way on the first edge as it died
        assertThat(firstSegments.get())
                .as("segment requests the first edge took")
                .isBetween(3, 4);
        assertThat(secondSegments.get()).as("the rest from the second edge").isBetween(segments - 4, segments - 3);
        assertThat(agent.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        assertThat(agent.counters().edgeFailovers.get())
                .as("requests moved to the second edge")
                .isPositive();
        assertThat(agent.counters().stalls.get()).isZero();
        assertThat(agent.counters().hashMismatches.get()).isZero();
    }
}
