package dev.riffle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.transport.TransportConfig;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.PlayerKind;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import dev.riffle.testkit.LiveFeed;
import dev.riffle.testkit.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Live offload and latency (a main, not a test): for each N and join shape, a new live channel fed by ffmpeg's test
 * pattern, watched through N agents by ffmpeg on their live playlists, first with the tracker (P2P), then without
 * (CDN-only baseline), both through SwarmBench's {@link CappedEdge} (its egress capped at a multiple of the stream's
 * rate, measured from the channel's first segments) and with uploads capped likewise. Reports offload against
 * 0.9 × (1 − 1/N), latency p50/p95 (segment handed to the player minus the encoder's time of its first frame), stalls and
 * startup against the baseline, and the CDN bytes saved.
 *
 * <pre>
 * --viewers 10,25,50   --joins flash,staggered   --seconds 40   --stagger-ms 1000   --flash-ms 1000
 * --edge-streams 12    --upload-streams 3
 * </pre>
 */
public final class LiveBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LiveBench() {}

    @Command(name = "LiveBench")
    static final class Args {
        @Option(names = "--viewers", split = ",")
        List<Integer> viewers = new ArrayList<>(List.of(10, 25, 50));

        @Option(names = "--joins", split = ",")
        List<String> joins = new ArrayList<>(List.of("flash", "staggered"));

        @Option(names = "--seconds")
        int seconds = 40;

        @Option(names = "--stagger-ms")
        long staggerMs = 1_000;

        @Option(names = "--flash-ms")
        long flashMs = 1_000;

        @Option(names = "--edge-streams")
        double edgeStreams = 12;

        @Option(names = "--upload-streams")
        double uploadStreams = 3;
    }

    record Row(
            String joins,
            int n,
            boolean p2p,
            double offload,
            long latencyP50,
            long latencyP95,
            long stalls,
            long startupP95,
            long edgeBytes,
            int finished) {}

    public static void main(String[] argv) throws Exception {
        Args a = new Args();
        new CommandLine(a).parseArgs(argv);
        for (int n : a.viewers) {
            if (n < 2 || n > 100) throw new IllegalArgumentException("--viewers: N in 2..100");
        }
        for (String j : a.joins) {
            if (!j.equals("flash") && !j.equals("staggered"))
                throw new IllegalArgumentException("--joins: flash and/or staggered, not " + j);
        }
        if (a.seconds < 10 || a.seconds > 600) throw new IllegalArgumentException("--seconds 10..600");
        Path work = Files.createDirectories(
                Path.of("target", "live-bench-" + System.currentTimeMillis()).toAbsolutePath());
        int maxN = a.viewers.stream().mapToInt(Integer::intValue).max().orElseThrow();
        var options = PlatformOptions.defaults(work.resolve("platform"))
                .withViewerAccounts(Math.max(maxN, 2))
                .withAppsCopied();
        List<Row> rows = new ArrayList<>();
        try (Platform platform = Platform.start(options, line -> System.out.println("  " + line))) {
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "live-bench-stop"));
            for (String joins : a.joins) {
                for (int n : a.viewers) {
                    for (boolean p2p : new boolean[] {true, false}) {
                        rows.add(runOnce(platform, a, joins, n, p2p, work));
                    }
                }
            }
        }
        String table = table(rows);
        System.out.println(table);
        Files.writeString(work.resolve("report.md"), table);
        System.out.println("report: " + work.resolve("report.md"));
        System.exit(0);
    }

    private static Row runOnce(Platform platform, Args a, String joins, int n, boolean p2p, Path work)
            throws Exception {
        String label = (p2p ? "P2P" : "CDN-only") + " " + joins + " N=" + n;
        System.out.println("== " + label);
        JsonNode channel = platform.createLiveChannel("Live bench " + label);
        String id = channel.path("id").asText();
        Path feedLog = work.resolve("feed-" + id + ".log");
        // The feed runs for the join span plus the event, so the last viewer still watches `seconds` of it.
        long joinSpanMs = joins.equals("staggered") ? n * a.staggerMs : a.flashMs;
        int feedSeconds = a.seconds + (int) (joinSpanMs / 1000) + 5;
        try (ManagedProcess feed =
                LiveFeed.start(channel.path("pushUrl").asText(), "640x360", 25, feedSeconds, feedLog)) {
            double rate = streamRate(platform, id, feed);
            long edgeRate = Math.round(a.edgeStreams * rate);
            long uploadCap = Math.round(a.uploadStreams * rate);
            System.out.printf(
                    Locale.ROOT,
                    "  stream %.0f kB/s; edge cap %.0f kB/s, upload cap %.0f kB/s%n",
                    rate / 1e3,
                    edgeRate / 1e3,
                    uploadCap / 1e3);
            try (CappedEdge edge = CappedEdge.start(platform.originUrl(), edgeRate)) {
                var vo = ViewersOptions.defaults(n, work.resolve("caches/" + joins + "-" + (p2p ? "p2p-" : "cdn-") + n))
                        .withCdn(edge.url())
                        .withP2p(p2p)
                        .withTransport(TransportConfig.defaults().withUploadCap(uploadCap))
                        .withPlayer(PlayerKind.FFMPEG)
                        .withLiveSeconds(feedSeconds)
                        .withStagger(Duration.ofMillis(joins.equals("staggered") ? a.staggerMs : 0))
                        .withJoinJitter(Duration.ofMillis(joins.equals("flash") ? a.flashMs : 0))
                        .withAccounts(Platform::viewerUser);
                try (Viewers viewers = Viewers.start(platform, id, vo)) {
                    // Bounded: the feed, every join, and a minute of slack.
                    viewers.awaitFinished(Duration.ofSeconds(feedSeconds + joinSpanMs / 1000 + 60));
                    List<ViewerSnapshot> snaps = viewers.snapshots();
                    var totals = viewers.totals();
                    Row row = new Row(
                            joins,
                            n,
                            p2p,
                            totals.offloadRatio(),
                            viewers.liveLatencyMs(50),
                            viewers.liveLatencyMs(95),
                            totals.stalls(),
                            totals.startupMsP95(),
                            edge.segmentBytesServed(),
                            (int) snaps.stream()
                                    .filter(v -> v.state() == dev.riffle.e2e.platform.ViewerState.DONE)
                                    .count());
                    // Per viewer, which segment came from where (P peer, c CDN): where a shape falls short shows here.
                    for (ViewerSnapshot v : snaps) {
                        System.out.printf(
                                Locale.ROOT,
                                "  viewer-%02d [%s] startup %d ms, stalls %d, latency p95 %d ms, peers %d, offload %.2f%n",
                                v.number(),
                                v.bar(),
                                v.startupMs(),
                                v.stalls(),
                                v.latencyMsP95(),
                                v.peersConnected(),
                                v.offloadRatio());
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "%s: offload %.3f, latency p50 %d ms p95 %d ms, stalls %d, startup p95 %d ms, edge %.1f MB,"
                                    + " finished %d/%d%n",
                            label,
                            row.offload(),
                            row.latencyP50(),
                            row.latencyP95(),
                            row.stalls(),
                            row.startupP95(),
                            row.edgeBytes() / 1e6,
                            row.finished(),
                            n);
                    return row;
                }
            }
        }
    }

    /** Bytes per second of the channel's stream, from its first three published segments (waits for them). */
    private static double streamRate(Platform platform, String id, ManagedProcess feed) throws Exception {
        URI manifest = platform.originUrl().resolve("/content/" + id + "/manifest.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && feed.isAlive()) {
            HttpResponse<String> r =
                    HTTP.send(HttpRequest.newBuilder(manifest).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode segments = JSON.readTree(r.body())
                        .path("manifest")
                        .path("renditions")
                        .path(0)
                        .path("segments");
                if (segments.size() >= 3) {
                    long bytes = 0, ms = 0;
                    for (JsonNode s : segments) {
                        bytes += s.path("size").asLong();
                        ms += s.path("durationMs").asLong();
                    }
                    return bytes * 1000.0 / Math.max(1, ms);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the channel did not publish three segments; see the feed log");
    }

    private static String table(List<Row> rows) {
        var sb = new StringBuilder();
        sb.append("| joins | N | offload P2P | target 0.9 × (1 − 1/N) | latency p50 / p95 P2P | latency p95 CDN-only |"
                + " stalls P2P / CDN-only | startup p95 P2P / CDN-only | edge MB P2P / CDN-only | finished |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i + 1 < rows.size(); i += 2) {
            Row p = rows.get(i), c = rows.get(i + 1);
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | **%.3f** | %.3f | %d / %d ms | %d ms | %d / %d | %d / %d ms | %.1f / %.1f | %d / %d |%n",
                    p.joins(),
                    p.n(),
                    p.offload(),
                    0.9 * (1 - 1.0 / p.n()),
                    p.latencyP50(),
                    p.latencyP95(),
                    c.latencyP95(),
                    p.stalls(),
                    c.stalls(),
                    p.startupP95(),
                    c.startupP95(),
                    p.edgeBytes() / 1e6,
                    c.edgeBytes() / 1e6,
                    p.finished(),
                    c.finished()));
        }
        return sb.toString();
    }
}
