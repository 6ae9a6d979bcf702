package dev.riffle.tracker.stats;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riffle.tracker.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The packaged tracker serves the ops page; headless Chromium renders it from real stats. Leaves a screenshot in
 * {@code target/ops-dashboard/tracker-ops-dashboard.png} (docs/img keeps a picture refreshed by hand).
 */
@QuarkusIntegrationTest
@TestProfile(OpsDashboardIT.OneSecondBuckets.class)
class OpsDashboardIT {

    public static class OneSecondBuckets implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("riffle.tracker.stats.bucket", "1s", "riffle.tracker.rate-limit.stats-per-second", "100");
        }
    }

    @TestHTTPResource("/ops/index.html")
    URL page;

    static final String[][] TITLES = {
        {"big-buck-bunny", "0.82"}, {"sintel", "0.64"}, {"tears-of-steel", "0.41"}, {"elephants-dream", "0.25"}
    };
    /** The one live title: its viewers report how far behind the encoder they are. */
    static final String LIVE = "sintel";

    static final String[][] PLACES = {{"alice", "1"}, {"bob", "2"}, {"carol", "3"}};

    @Test
    void chromiumRendersOffloadOverTimeTopTitlesAndBreakdowns() throws Exception {
        // Reports round after round until the series holds six one-second buckets: the chart needs several points,
        // and the tracker's own clock decides when a bucket ends.
        AtomicInteger round = new AtomicInteger();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    report(round.getAndIncrement());
                    int points = given().get("/v1/stats")
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("series.size()");
                    return points >= 6;
                });
        Path target = Files.createDirectories(Path.of("target", "ops-dashboard").toAbsolutePath());
        Path profile = Files.createTempDirectory(target, "chromium-");
        Path shot = target.resolve("tracker-ops-dashboard.png");
        try {
            List<String> base = List.of(
                    "/usr/bin/chromium",
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--no-first-run",
                    "--user-data-dir=" + profile,
                    "--window-size=1280,900",
                    "--virtual-time-budget=5000");
            String dom = run(concat(base, "--dump-dom", page.toString()));
            assertThat(dom).contains("data-rendered=\"true\"");
            assertThat(dom)
                    .containsPattern(
                            "<polyline class=\"line\" points=\"[0-9., ]+\" data-points=\"([2-9]|[1-9][0-9]+)\"");
            assertThat(dom)
                    .contains(
                            "data-key=\"big-buck-bunny\"",
                            "data-key=\"sintel\"",
                            "data-key=\"AS64512\"",
                            "data-key=\"DE-BE\"");
            assertThat(dom).containsPattern("data-bars=\"4/1/1\"");
            // Watching now: one row per title, each with its one viewer; the live one with its latency.
            assertThat(dom).contains("data-watched=\"4\"");
            assertThat(dom)
                    .containsPattern(
                            "<tr data-title=\"sintel\"><td>sintel</td><td>1</td>.*?<td>2\\.1 s</td><td>2\\.1 s</td></tr>");
            assertThat(dom).containsPattern("<tr data-title=\"tears-of-steel\">.*?<td>–</td><td>–</td></tr>");
            run(concat(base, "--screenshot=" + shot.toAbsolutePath(), page.toString()));
            assertThat(Files.size(shot)).isGreaterThan(10_000);
        } finally {
            try (var walk = Files.walk(profile)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    static void report(int round) {
        for (String[] t : TITLES) {
            double ratio = Math.min(0.95, Double.parseDouble(t[1]) + round * 0.005);
            long peers = (long) (ratio * 10_000_000L * (1 + round));
            long cdn = (long) ((1 - ratio) * 10_000_000L * (1 + round));
            given().auth()
                    .oauth2(TestTokens.subscriber("dash-" + t[0]))
                    .contentType("application/json")
                    .body("{\"entries\":[{\"title\":\"" + t[0] + "\",\"rendition\":\"720p\",\"bytesFromPeers\":"
                            + peers + ",\"bytesFromCdn\":" + cdn + ",\"bytesUploaded\":" + peers / 2
                            + ",\"stalls\":" + (round % 2) + ",\"startupMs\":" + (700 + 10 * round)
                            + (t[0].equals(LIVE) ? ",\"latencyMs\":2100" : "") + "}]}")
                    .post("/v1/stats")
                    .then()
                    .statusCode(202);
        }
    }

    static List<String> concat(List<String> base, String... more) {
        List<String> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }
}
