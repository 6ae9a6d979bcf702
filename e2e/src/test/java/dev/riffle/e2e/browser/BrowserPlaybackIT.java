package dev.riffle.e2e.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.Agent;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.TitleSpec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real browser plays a title through an agent: the platform (drm-license with its dev issuer, tracker-service,
 * origin-server) runs as packaged apps, a 20 s clip is ingested, agent A (viewer-01) watches it first and seeds it,
 * agent B (viewer-02) finds A through the tracker, and Debian Chromium — driven by npm {@code playwright-core}, playing
 * with {@code hls.js} from {@code e2e/browser/node_modules} — plays B's playlist for at least 10 s. Passes when the
 * page saw no stall ({@code waiting} after the first {@code playing}), no fatal hls.js error, and {@code currentTime}
 * advanced as long as it played; where B's bytes came from (A or the CDN) is printed and shown on the page. The npm
 * package is installed in a copy under {@code target/}, where the screenshot goes too ({@code
 * target/it-browser-<n>/browser/playback.png}; docs/img keeps a picture refreshed by hand). Without node, npm or
 * Chromium the test fails with what to install.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class BrowserPlaybackIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PLAY_SECONDS = 12;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Platform platform;
    private Vertx vertx;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception e) {
                // stop the rest anyway
            }
        }
        if (vertx != null)
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (platform != null) platform.close();
    }

    @Test
    void chromiumPlaysATitleThroughAnAgentWithoutAStall() throws Exception {
        BrowserTools.requirePrerequisites();
        Path work = Files.createDirectories(
                Path.of("target", "it-browser-" + System.nanoTime()).toAbsolutePath());
        // The browser side first: a failing npm ci should not cost a platform start.
        Path browserDir = BrowserTools.npmPackage(work.resolve("npm"), work.resolve("npm-ci.log"));

        platform = Platform.start(
                PlatformOptions.defaults(work.resolve("platform"))
                        .withViewerAccounts(2)
                        .withAppsCopied(),
                System.out::println);
        Path clip = Platform.generateSampleClip(work.resolve("sample.mp4"), 20);
        String title = platform.ingest(clip, TitleSpec.open("Browser playback"), (s, p) -> {});

        vertx = Vertx.vertx();
        var rtc = new RtcFactory();
        toClose.add(rtc);
        TrackerSettings tracker = TrackerSettings.defaults(platform.trackerUrl());
        Agent a = await(Agent.withTracker(vertx, platform.agentConfig("a", work.resolve("cache-a"), 1), rtc, tracker));
        toClose.add(0, a);
        // A watches first: every segment of every rendition, so B can take any of them from a peer.
        int segments = BrowserTools.warm(a, title);
        assertThat(segments).isPositive();
        eventually(
                "A announced itself to the tracker",
                Duration.ofSeconds(20),
                () -> a.tracker().orElseThrow().announces() > 0);

        // B is an ordinary agent (default scheduler) that is connected to A before the browser starts. hls.js reads
        // far ahead of what it shows; B's player clock infers that, so what hls.js asks for is still taken from A.
        Agent b = await(Agent.withTracker(vertx, platform.agentConfig("b", work.resolve("cache-b"), 2), rtc, tracker));
        toClose.add(0, b);
        await(b.session(title));
        eventually("B connected to A through the tracker", Duration.ofSeconds(30), () -> b.peers()
                .containsKey(a.id()));

        Path report = work.resolve("browser/result.json");
        Path screenshot = work.resolve("browser/playback.png");
        var result = BrowserTools.run(
                List.of(
                        "node",
                        "play.mjs",
                        "--url",
                        b.playUrl(title).toString(),
                        "--seconds",
                        Integer.toString(PLAY_SECONDS),
                        "--timeout",
                        "120",
                        "--screenshot",
                        screenshot.toString(),
                        "--out",
                        report.toString()),
                browserDir,
                work.resolve("play.log"),
                200);
        assertThat(Files.exists(report))
                .as("play.mjs wrote its report (exit %d):%n%s", result, BrowserTools.tail(work.resolve("play.log")))
                .isTrue();
        JsonNode r = JSON.readTree(report.toFile());
        System.out.println("browser playback: " + r.toPrettyString());
        System.out.printf(
                "agent B: %d B from peers, %d B from the CDN, stalls %d, startup %d ms%n",
                b.counters().bytesFromPeers.get(),
                b.counters().bytesFromCdn.get(),
                b.counters().stalls.get(),
                b.counters().startupMillis.get());

        assertThat(r.path("runError").isMissingNode())
                .as("the run itself: %s", r.path("runError"))
                .isTrue();
        assertThat(r.path("mseH264").asBoolean())
                .as("Chromium plays H.264 through MSE")
                .isTrue();
        assertThat(r.path("fatalError").isNull())
                .as("hls.js fatal error: %s", r.path("fatalError"))
                .isTrue();
        assertThat(r.path("mediaError").isNull())
                .as("media element error: %s", r.path("mediaError"))
                .isTrue();
        assertThat(r.path("playingSeconds").asDouble()).isGreaterThanOrEqualTo(10.0);
        assertThat(r.path("currentTimeAdvance").asDouble())
                .as("the video's currentTime moved while it played")
                .isGreaterThanOrEqualTo(9.5);
        assertThat(r.path("stalls").asInt())
                .as("waiting events after playback started")
                .isZero();
        assertThat(r.path("ok").asBoolean()).isTrue();
        long fromPeers = b.counters().bytesFromPeers.get();
        long fromCdn = b.counters().bytesFromCdn.get();
        assertThat(fromPeers)
                .as("B took most of what hls.js read from A, which holds the whole title (%d B from the CDN)", fromCdn)
                .isGreaterThan(fromCdn);
        assertThat(Files.size(screenshot)).isPositive();
        System.out.println("screenshot: " + screenshot);
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static void eventually(String what, Duration within, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + within + ": " + what);
            Thread.sleep(100);
        }
    }
}
