package dev.riffle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.e2e.platform.Ffmpeg;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import dev.riffle.testkit.Keycloak;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole product for real: Keycloak (dist zip) as the identity of all three services, the tracker's swarms in the
 * real Redis at 127.0.0.1:6379, ffmpeg packaging. The operator uploads a clip, the origin ingests it, five agents watch
 * it with staggered starts and find each other through the tracker, ffmpeg decodes the whole title through one agent,
 * and the tracker's stats show most bytes came from peers.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class EndToEndIT {
    private static final int SECONDS = 20;

    private static Path work;
    private static Platform platform;
    private static String titleId;
    private static double ingestedSeconds;

    @BeforeAll
    static void platform() {
        work = E2e.workDir("e2e-it");
        Keycloak kc = E2e.keycloak(10);
        platform = Platform.start(
                PlatformOptions.defaults(work)
                        .withKeycloak(kc.issuer())
                        .withRedis("127.0.0.1:6379")
                        .withAppsCopied(),
                line -> System.out.println("[platform] " + line));
        Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), SECONDS);
        AtomicReference<String> lastState = new AtomicReference<>("");
        titleId = platform.ingest(clip, TitleSpec.open("End to end").withPlan("standard"), (state, progress) -> {
            if (!state.equals(lastState.getAndSet(state))) System.out.println("[ingest] " + state);
        });
        ingestedSeconds = platform.title(titleId).path("durationSeconds").asDouble();
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void fiveAgentsWatchTheTitleMostlyFromEachOtherAndFfmpegDecodesItWholeThroughOne() throws Exception {
        assertThat(platform.issuer().toString()).as("identity is Keycloak").contains("/realms/riffle");
        assertThat(ingestedSeconds).isCloseTo(SECONDS, org.assertj.core.api.Assertions.within(0.5));

        try (Viewers viewers = Viewers.start(
                platform,
                titleId,
                ViewersOptions.defaults(5, work.resolve("caches")).withStagger(Duration.ofSeconds(3)))) {
            assertThat(viewers.awaitFinished(Duration.ofMinutes(4)))
                    .as("viewers finished: %s", viewers.snapshots())
                    .isTrue();
            List<ViewerSnapshot> snaps = viewers.snapshots();
            snaps.forEach(v -> System.out.printf(
                    "[viewer] %s [%s] startup %d ms, stalls %d, peers %d B, cdn %d B%n",
                    v.user(), v.bar(), v.startupMs(), v.stalls(), v.bytesFromPeers(), v.bytesFromCdn()));
            for (ViewerSnapshot v : snaps) {
                assertThat(v.state()).as("%s: %s", v.user(), v.error()).isEqualTo(ViewerState.DONE);
                assertThat(v.segmentsPlayed()).isEqualTo(v.segmentsTotal()).isPositive();
                assertThat(v.keyStatus()).as("key through the agent").isEqualTo(200);
            }
            // Most, not all: on a loaded 2-core machine a viewer that joins while its only peers are still dialling
            // may take its few segments from the CDN; the swarm-wide ratio below is the real bar.
            assertThat(snaps.subList(1, snaps.size()).stream()
                            .filter(v -> v.bytesFromPeers() > 0)
                            .count())
                    .as("later viewers that took segments from peers")
                    .isGreaterThanOrEqualTo(snaps.size() - 2L);

            // A real player through the last agent: the whole title, no decode error, as long as ingested.
            ViewerSnapshot last = snaps.get(snaps.size() - 1);
            Ffmpeg.Decoded d = Ffmpeg.decode(last.playUrl().toString(), work.resolve("ffmpeg-decode.log"), 300);
            assertThat(d.exit()).as("ffmpeg exit; errors:\n%s", d.errors()).isZero();
            assertThat(d.errors()).as("ffmpeg errors").isBlank();
            assertThat(d.seconds())
                    .as("decoded media time")
                    .isCloseTo(ingestedSeconds, org.assertj.core.api.Assertions.within(1.0));

            // Agents report every 2 s; the tracker (swarms and stats in this process, swarms in Redis) sums them.
            long p2p = viewers.totals().p2pBytes();
            E2e.eventually(
                    "tracker saw the agents' peer bytes",
                    Duration.ofSeconds(20),
                    () -> platform.trackerStats()
                                    .path("totals")
                                    .path("bytesFromPeers")
                                    .asLong()
                            >= p2p);
            JsonNode totals = platform.trackerStats().path("totals");
            System.out.println("[tracker] " + totals);
            assertThat(totals.path("offloadRatio").asDouble())
                    .as("tracker offload ratio")
                    .isGreaterThan(0.5);
        }
    }
}
