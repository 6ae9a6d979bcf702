package dev.riffle.agent.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.testing.StaticEdge;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.TransportConfig;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer throttled to a crawl: the only peer holding the title uploads at a trickle (24 KB/s in 8 KiB messages with no burst, so
 * bytes keep arriving and the transfer never looks stalled — only slow). The viewer's scheduler starts each segment
 * on that peer (the prefetch window prefers peers), projects that the transfer will finish after its deadline, cancels
 * it and fetches the missing bytes with a {@code Range} request to the edge. ffmpeg decodes the whole title through
 * the viewer, with no segment request waiting past the stall threshold.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ThrottledPeerIT {
    private static final String TOKEN = "subscriber-token";

    @TempDir
    Path dir;

    private StaticEdge edge;
    private final AtomicInteger rangeRequests = new AtomicInteger();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private TestTitle title;

    @BeforeEach
    void start() throws Exception {
        // ~1 Mbit/s: 2 s segments of ~250 KB, each 10 s of work for the crawling peer.
        title = TestTitle.create(dir.resolve("origin"), "crawl", 12, 21, "640x360", 1_000_000);
        edge = StaticEdge.start(dir.resolve("origin"), this::keysAndRangeCounter);
    }

    private void keysAndRangeCounter(Router router) {
        router.get("/v1/keys/:kid").handler(rc -> {
            if (!("Bearer " + TOKEN).equals(rc.request().getHeader("Authorization"))) {
                rc.response().setStatusCode(401).end();
            } else {
                rc.response().end(Buffer.buffer(title.key()));
            }
        });
        router.route("/*").handler(rc -> {
            if (rc.request().getHeader("Range") != null) rangeRequests.incrementAndGet();
            rc.next();
        });
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        if (edge != null) edge.close();
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private Agent agent(
            String name, RtcFactory rtc, InProcessSignaling hub, SchedulerConfig scheduler, TransportConfig transport)
            throws Exception {
        URI base = edge.base();
        var config = AgentConfig.of(name, base, base, dir.resolve("cache-" + name), 200_000_000, 0, () -> TOKEN)
                .withScheduler(scheduler)
                .withTransport(transport);
        var agent = new Agent(edge.vertx(), config, rtc, hub.endpoint(new PeerId(name)));
        toClose.add(0, agent);
        await(agent.start());
        return agent;
    }

    /** The viewer: no urgent window, so every segment is first tried on the peer. */
    private static final SchedulerConfig P2P_FIRST = SchedulerConfig.defaults().toBuilder()
            .urgentWindowMillis(0)
            .deadlineMarginMillis(500)
            .build();

    @Test
    void aPeerThrottledToACrawlIsOutrunByRangeRequestsBeforeEachDeadline() throws Exception {
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        toClose.add(rtc);
        toClose.add(hub);
        Agent slow = agent(
                "slow",
                rtc,
                hub,
                SchedulerConfig.defaults(),
                TransportConfig.defaults()
                        .withMessageBytes(8 * 1024)
                        .withUploadCap(24_000)
                        .withUploadBurst(8 * 1024));
        FfmpegDecode.assertDecodesCleanly(slow.playUrl(title.titleId()), dir.resolve("ffmpeg-slow.log"));
        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();
        long titleBytes = title.manifest().rendition(title.rendition()).orElseThrow().segments().stream()
                .mapToLong(s -> s.size())
                .sum();
        assertThat(slow.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        rangeRequests.set(0);

        Agent viewer = agent("viewer", rtc, hub, P2P_FIRST, TransportConfig.defaults());
        await(viewer.session(title.titleId()));
        await(viewer.connect(slow.id(), title.titleId(), title.rendition()));
        FfmpegDecode.assertDecodesCleanly(viewer.playUrl(title.titleId()), dir.resolve("ffmpeg-viewer.log"));

        var c = viewer.counters();
        System.out.printf(
                "viewer: %d B from the crawling peer, %d B from CDN, %d Range completions, %d stalls, startup %d ms%n",
                c.bytesFromPeers.get(),
                c.bytesFromCdn.get(),
                c.rangeCompletions.get(),
                c.stalls.get(),
                c.startupMillis.get());
        assertThat(viewer.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        assertThat(c.rangeCompletions.get())
                .as("peer transfers finished from the CDN")
                .isPositive();
        assertThat(rangeRequests.get()).as("Range requests seen by the edge").isPositive();
        assertThat(c.bytesFromPeers.get())
                .as("the prefixes the peer did deliver are kept")
                .isPositive();
        assertThat(c.bytesFromPeers.get())
                .as("the crawling peer delivered a small part")
                .isLessThan(titleBytes / 2);
        assertThat(c.stalls.get())
                .as("no segment request waited past the stall threshold")
                .isZero();
        assertThat(c.bans.get()).isZero();
        assertThat(viewer.transport().isBanned(slow.id())).isFalse();
    }

    @Test
    void aPeerVanishingMidTransferIsReplacedByTheCdnWithoutAStall() throws Exception {
        var rtc = new RtcFactory();
        var hub = new InProcessSignaling();
        toClose.add(rtc);
        toClose.add(hub);
        // Slow enough that transfers are under way when it goes, fast enough that the viewer keeps asking it.
        Agent seeder = agent(
                "seeder",
                rtc,
                hub,
                SchedulerConfig.defaults(),
                TransportConfig.defaults()
                        .withMessageBytes(8 * 1024)
                        .withUploadCap(150_000)
                        .withUploadBurst(8 * 1024));
        FfmpegDecode.assertDecodesCleanly(seeder.playUrl(title.titleId()), dir.resolve("ffmpeg-seeder.log"));
        int segments = title.manifest()
                .rendition(title.rendition())
                .orElseThrow()
                .segments()
                .size();

        Agent viewer = agent("viewer", rtc, hub, P2P_FIRST, TransportConfig.defaults());
        await(viewer.session(title.titleId()));
        await(viewer.connect(seeder.id(), title.titleId(), title.rendition()));
        var decode = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                FfmpegDecode.assertDecodesCleanly(viewer.playUrl(title.titleId()), dir.resolve("ffmpeg-viewer.log"));
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seeder.bytesUploaded() < 100_000 && System.nanoTime() < until) Thread.sleep(20);
        assertThat(seeder.bytesUploaded())
                .as("the viewer was taking bytes from the seeder")
                .isPositive();
        seeder.transport().close(); // gone: its connections drop mid-transfer

        decode.get(120, TimeUnit.SECONDS);
        var c = viewer.counters();
        assertThat(viewer.cache().segments(title.titleId(), title.rendition())).hasSize(segments);
        long closeBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!viewer.peers().isEmpty() && System.nanoTime() < closeBy) Thread.sleep(20);
        assertThat(viewer.peers()).as("the viewer saw the seeder go").isEmpty();
        assertThat(c.stalls.get())
                .as("no segment request waited past the stall threshold")
                .isZero();
        assertThat(c.bans.get()).as("vanishing is not misbehaving").isZero();
    }
}
