package dev.riffle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.Agent;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.e2e.platform.Ffmpeg;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.Viewer;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audience shapes the agent used to get wrong, against the whole platform (packaged drm-license with its dev issuer,
 * tracker-service, origin-server; real WebRTC between agents): viewers joining at once, a player that reads far ahead,
 * and the agent that pulls new segments for the swarm walking away.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class SwarmShapesIT {
    private static final int CLIP_SECONDS = 24; // twelve 2 s segments
    private static Path work;
    private static Platform platform;
    private static String title;

    @BeforeAll
    static void start() throws Exception {
        work = E2e.workDir("swarm-shapes");
        platform = Platform.start(
                PlatformOptions.defaults(work.resolve("platform"))
                        .withViewerAccounts(12)
                        .withAppsCopied(),
                System.out::println);
        Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), CLIP_SECONDS);
        title = platform.ingest(clip, TitleSpec.open("Swarm shapes"), (s, p) -> {});
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    private static int segments() {
        return CLIP_SECONDS / 2;
    }

    private static ViewersOptions viewers(int n, String dir) {
        return ViewersOptions.defaults(n, work.resolve(dir))
                .withStagger(Duration.ZERO)
                // As a real player: no holding back for a first peer.
                .withPeerWait(Duration.ZERO);
    }

    /** CDN requests for whole segments of every viewer's agent (new segments pulled, and deadline fallbacks). */
    private static long cdnRequests(Viewers v) {
        return v.viewers().stream()
                .map(Viewer::agent)
                .mapToLong(a ->
                        a.counters().cdnElected.get() + a.counters().cdnDeadline.get())
                .sum();
    }

    @Test
    void viewersJoiningAtOnceAllTakeBytesFromPeersAndPullEachSegmentFromTheEdgeAboutOnce() throws Exception {
        int n = 5;
        try (Viewers v =
                Viewers.start(platform, title, viewers(n, "flash").withAccounts(i -> Platform.viewerUser(i)))) {
            assertThat(v.awaitFinished(Duration.ofMinutes(4)))
                    .as("all viewers finished")
                    .isTrue();
            v.viewers()
                    .forEach(x -> System.out.printf(
                            "  %s: %s peers %d B, CDN %d B, elected %d, deadline %d%n",
                            x.user(),
                            x.snapshot().bar(),
                            x.agent().totals().bytesFromPeers(),
                            x.agent().totals().bytesFromCdn(),
                            x.agent().counters().cdnElected.get(),
                            x.agent().counters().cdnDeadline.get()));
            for (ViewerSnapshot s : v.snapshots()) {
                assertThat(s.state()).as(s.user()).isEqualTo(ViewerState.DONE);
                assertThat(s.bytesFromPeers()).as("peer bytes of " + s.user()).isPositive();
            }
            // Before the fix every viewer pulled nearly every segment itself (n per segment). Ideal: one per segment
            // of the played rendition; the first seconds, before peers know each other's windows, cost a few more.
            long requests = cdnRequests(v);
            System.out.printf(
                    "flash crowd of %d: %d CDN requests for %d segments, offload %.3f%n",
                    n, requests, segments(), v.totals().offloadRatio());
            assertThat(requests).isLessThanOrEqualTo(segments() * 2L);
            assertThat(v.totals().offloadRatio()).isGreaterThan(0.6);
        }
    }

    @Test
    void aPlayerReadingFarAheadTakesMostOfItsSegmentsFromPeers() throws Exception {
        var vertx = Vertx.vertx();
        var rtc = new RtcFactory();
        TrackerSettings tracker = TrackerSettings.defaults(platform.trackerUrl());
        try {
            Agent seeder = await(Agent.withTracker(
                    vertx, platform.agentConfig("seeder", work.resolve("cache-seeder"), 10), rtc, tracker));
            // ffmpeg without -re reads as fast as it can: the seeder's cache fills with the whole title from the edge.
            var first = Ffmpeg.decode(seeder.playUrl(title).toString(), work.resolve("ffmpeg-seeder.log"), 120);
            assertThat(first.exit()).as("ffmpeg through the seeder").isZero();
            E2e.eventually("the seeder announced", Duration.ofSeconds(20), () -> seeder.trackerAnnounces() > 0);

            Agent reader = await(Agent.withTracker(
                    vertx, platform.agentConfig("reader", work.resolve("cache-reader"), 11), rtc, tracker));
            var read = Ffmpeg.decode(reader.playUrl(title).toString(), work.resolve("ffmpeg-reader.log"), 120);
            assertThat(read.exit()).as("ffmpeg through the reader").isZero();
            var t = reader.totals();
            System.out.printf(
                    "read-ahead player: %d B from peers, %d B from the CDN (offload %.3f)%n",
                    t.bytesFromPeers(), t.bytesFromCdn(), t.offloadRatio());
            // Before the fix nearly every request of a player this far ahead looked due now and went to the CDN.
            assertThat(t.offloadRatio()).isGreaterThan(0.8);
            reader.close();
            seeder.close();
        } finally {
            rtc.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenTheAgentPullingNewSegmentsForTheSwarmLeavesMidTitleNobodyStalls() throws Exception {
        int n = 4;
        try (Viewers v =
                Viewers.start(platform, title, viewers(n, "leaver").withAccounts(i -> Platform.viewerUser(i + 5)))) {
            E2e.eventually("a few segments played", Duration.ofMinutes(2), () -> v.snapshots().stream()
                    .allMatch(s -> s.segmentsPlayed() >= 3));
            Viewer puller = v.viewers().stream()
                    .max(Comparator.comparingLong(
                            x -> x.agent().counters().cdnElected.get()))
                    .orElseThrow();
            long pulled = puller.agent().counters().cdnElected.get();
            assertThat(pulled).as("segments the leaver pulled for the swarm").isPositive();
            puller.leave();

            assertThat(v.awaitFinished(Duration.ofMinutes(4))).isTrue();
            for (ViewerSnapshot s : v.snapshots()) {
                if (s.number() == puller.number()) continue;
                assertThat(s.state()).as(s.user()).isEqualTo(ViewerState.DONE);
                assertThat(s.stalls()).as("stalls of " + s.user()).isZero();
            }
        }
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
