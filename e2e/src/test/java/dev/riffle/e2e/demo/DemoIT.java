package dev.riffle.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./riffle demo --viewers 3 --seconds 12 --json …} as a user runs it (in this JVM), checked by its JSON summary. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoIT {
    @Test
    void theDemoPlaysAShortClipToThreeViewersAndWritesItsSummary() throws Exception {
        Path work = Files.createDirectories(Path.of("target", "demo-it").toAbsolutePath());
        Path json = work.resolve("summary-" + System.currentTimeMillis() + ".json");
        System.setProperty("riffle.copy-apps", "true"); // other modules may be rebuilt while this runs
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = DemoMain.run(
                    new String[] {
                        "--viewers", "3", "--seconds", "12", "--json", json.toString(), "--work-dir", work.toString()
                    },
                    o,
                    e,
                    false);
        } finally {
            System.clearProperty("riffle.copy-apps");
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(code)
                .as("exit code; stderr:\n%s", err.toString(StandardCharsets.UTF_8))
                .isZero();
        assertThat(printed).contains("published ", "viewer-01 done", "offload ratio");

        JsonNode s = new ObjectMapper().readTree(json.toFile());
        assertThat(s.path("viewers").asInt()).isEqualTo(3);
        assertThat(s.path("finished").asInt()).isEqualTo(3);
        assertThat(s.path("titleSeconds").asDouble()).isBetween(11.5, 12.5);
        assertThat(s.path("p2pBytes").asLong()).as("bytes from peers").isPositive();
        assertThat(s.path("cdnBytes").asLong()).as("bytes from the CDN").isPositive();
        double offload = s.path("offloadRatio").asDouble();
        assertThat(offload)
                .isEqualTo(s.path("p2pBytes").asDouble()
                        / (s.path("p2pBytes").asLong() + s.path("cdnBytes").asLong()))
                .isBetween(0.0, 1.0);
        assertThat(s.path("stalls").isInt()).isTrue();
        int stallsPerViewer = 0;
        for (JsonNode v : s.path("perViewer"))
            stallsPerViewer += v.path("stalls").asInt();
        assertThat(s.path("stalls").asInt())
                .as("the swarm's stalls, viewer by viewer")
                .isEqualTo(stallsPerViewer);
        long p50 = s.path("startupMsP50").asLong(), p95 = s.path("startupMsP95").asLong();
        assertThat(p50).isPositive();
        assertThat(p95).isGreaterThanOrEqualTo(p50);
        assertThat(s.path("perViewer")).hasSize(3);
        // The bars come from the agents' record of the source of each segment they handed to their player: every
        // segment delivered, and since peers sent bytes, some delivered segment came (at least partly) from a peer.
        int segments = (int) Math.round(s.path("titleSeconds").asDouble() / 2);
        boolean anyFromPeer = false;
        for (JsonNode v : s.path("perViewer")) {
            String bar = v.path("segments").asText();
            assertThat(bar).as(v.path("user").asText()).hasSize(segments).matches("[Pcm]+");
            anyFromPeer |= bar.contains("P") || bar.contains("m");
            assertThat(v.path("peerSegments").asInt() + v.path("cdnSegments").asInt())
                    .isLessThanOrEqualTo(segments);
        }
        assertThat(anyFromPeer).as("a segment from a peer in some bar").isTrue();
    }
}
