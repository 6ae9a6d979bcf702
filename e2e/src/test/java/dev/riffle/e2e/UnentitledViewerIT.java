package dev.riffle.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.e2e.platform.Ffmpeg;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.Playlists;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Peers share encrypted bytes only: a subscriber whose plan does not cover the title (bob, plan basic; the title wants
 * premium) still gets its segments from the swarm, but drm-license refuses the key, so the agent's key URI answers the
 * license error and a real player (ffmpeg) fails on it. Nothing crashes: the agent keeps answering. Single-machine
 * default platform (drm-license's dev issuer, swarms in memory).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class UnentitledViewerIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Path work;
    private static Platform platform;
    private static String titleId;

    @BeforeAll
    static void platform() {
        work = E2e.workDir("unentitled-it");
        platform = Platform.start(
                PlatformOptions.defaults(work).withViewerAccounts(4).withAppsCopied(),
                line -> System.out.println("[platform] " + line));
        Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), 12);
        titleId = platform.ingest(clip, TitleSpec.open("Premium only").withPlan("premium"), (s, p) -> {});
    }

    @AfterAll
    static void stop() {
        if (platform != null) platform.close();
    }

    @Test
    void anUnentitledSubscriberGetsSegmentsFromPeersButNoKeyAndThePlayerFailsWithTheLicenseError() throws Exception {
        try (Viewers entitled = Viewers.start(
                platform,
                titleId,
                ViewersOptions.defaults(2, work.resolve("caches-entitled")).withStagger(Duration.ofSeconds(1)))) {
            assertThat(entitled.awaitFinished(Duration.ofMinutes(3))).isTrue();
            assertThat(entitled.snapshots()).allSatisfy(v -> {
                assertThat(v.state()).isEqualTo(ViewerState.DONE);
                assertThat(v.keyStatus()).isEqualTo(200);
            });

            try (Viewers bob = Viewers.start(
                    platform,
                    titleId,
                    ViewersOptions.defaults(1, work.resolve("caches-bob")).withAccounts(n -> "bob"))) {
                assertThat(bob.awaitFinished(Duration.ofMinutes(2))).isTrue();
                ViewerSnapshot b = bob.snapshots().get(0);
                System.out.printf(
                        "[bob] [%s] key %d, peers %d B, cdn %d B%n",
                        b.bar(), b.keyStatus(), b.bytesFromPeers(), b.bytesFromCdn());
                assertThat(b.state()).as("%s", b.error()).isEqualTo(ViewerState.DONE);
                assertThat(b.segmentsPlayed()).isEqualTo(b.segmentsTotal()).isPositive();
                assertThat(b.bytesFromPeers())
                        .as("encrypted segments from the entitled peers")
                        .isPositive();
                assertThat(b.keyStatus()).as("the key through bob's agent").isEqualTo(403);

                // The key URI the player is given answers problem JSON carrying drm-license's refusal.
                URI agent = URI.create(
                        "http://127.0.0.1:" + bob.viewers().get(0).agent().port());
                String media = get(agent.resolve("/play/" + titleId + "/"
                                + Playlists.renditionOf(
                                        Playlists.firstVariant(get(b.playUrl()).body())
                                                .orElseThrow()) + "/index.m3u8"))
                        .body();
                HttpResponse<String> key =
                        get(agent.resolve(Playlists.media(media).keyUri()));
                assertThat(key.statusCode()).isEqualTo(403);
                assertThat(key.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
                JsonNode problem = JSON.readTree(key.body());
                assertThat(problem.path("type").asText()).endsWith("/no-license");
                assertThat(problem.path("status").asInt()).isEqualTo(403);

                // A real player fails on the key (the segments themselves arrived), and exits.
                Ffmpeg.Decoded d = Ffmpeg.decode(b.playUrl().toString(), work.resolve("ffmpeg-bob.log"), 180);
                System.out.println("[bob ffmpeg] exit " + d.exit() + "\n" + d.errors());
                assertThat(d.exit()).as("ffmpeg refused").isNotZero().isNotEqualTo(-1);
                // (ffmpeg -v error names the key it could not open; the 403 problem is checked above)
                assertThat(d.errors()).contains("Unable to open key file", "/keys/");

                // No crash: the agent still answers.
                HttpResponse<String> status = get(b.statusUrl());
                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(status.body()).path("bytesFromPeers").asLong())
                        .isPositive();
            }
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
