package dev.riffle.e2e.bench;

import dev.riffle.agent.transport.TransportConfig;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.PlayerKind;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.Viewer;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offload with real players (a main, not a test): the same swarm watched through agents by the demo's paced model and
 * by real players — ffmpeg -re, ffmpeg at full speed, mpv, VLC (as a plain user) and hls.js in Debian Chromium — on the
 * platform with SwarmBench's capped edge and uploads. Two shapes:
 *
 * <ul>
 *   <li>{@code seeded}: one agent holds the whole title (ffmpeg read it through the agent at full speed), then N agents
 *       join 2 s apart, each watched by the player under test; the ideal offload is close to 1;
 *   <li>{@code swarm}: N + 1 agents join 2 s apart, all watched by the player under test; the ideal is 1 − 1/(N+1).
 * </ul>
 *
 * For each shape the model runs first; each player's offload is reported against it (target ≥ 0.9 ×), with stalls
 * (hls.js counts its own; otherwise the agents' inference from the requests), startup and CDN requests per segment.
 * Prints a markdown table and writes it to the run's folder; {@code --doc} appends it to docs/benchmarks-history.md.
 *
 * <pre>
 * --players model,ffmpeg-re,ffmpeg,mpv,vlc,hlsjs   in order (model first: the others are compared with it)
 * --shapes seeded,swarm    --viewers 3    --clip-seconds 60    --edge-streams 12    --upload-streams 3    --doc
 * </pre>
 */
public final class RealPlayerBench {
    private RealPlayerBench() {}

    @Command(name = "RealPlayerBench")
    static final class Flags {
        @Option(names = "--players", split = ",")
        List<String> players = new ArrayList<>(List.of("model", "ffmpeg-re", "ffmpeg", "mpv", "vlc", "hlsjs"));

        @Option(names = "--shapes", split = ",")
        List<String> shapes = new ArrayList<>(List.of("seeded", "swarm"));

        @Option(names = "--viewers")
        int viewers = 3;

        @Option(names = "--clip-seconds")
        int clipSeconds = 60;

        @Option(names = "--edge-streams")
        double edgeStreams = 12;

        @Option(names = "--upload-streams")
        double uploadStreams = 3;

        @Option(names = "--doc")
        boolean doc;
    }

    /** One player in one shape. */
    record Row(
            String shape,
            PlayerKind player,
            int viewers,
            int finished,
            long peer,
            long cdn,
            long stalls,
            List<Long> startups,
            long cdnRequests,
            long segments,
            String note) {
        double offload() {
            return peer + cdn == 0 ? 0 : peer / (double) (peer + cdn);
        }
    }

    public static void main(String[] args) throws Exception {
        int code = 1;
        try {
            Flags f = new Flags();
            new CommandLine(f).parseArgs(args);
            code = run(f);
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            // webrtc-java and Vert.x leave non-daemon threads behind.
            System.exit(code);
        }
    }

    private static int run(Flags f) throws Exception {
        Instant started = Instant.now();
        Path home = PlatformOptions.findHome();
        Path work = Files.createDirectories(home.resolve("e2e/target/real-player-bench-" + System.currentTimeMillis()));
        List<PlayerKind> players = f.players.stream().map(PlayerKind::parse).toList();
        if (players.contains(PlayerKind.HLSJS)) PlayerKind.setUpBrowser(work.resolve("browser"));
        List<Row> rows = new ArrayList<>();
        int accounts = 2 * (f.viewers + 2) * players.size() * f.shapes.size();
        var options = PlatformOptions.defaults(work.resolve("platform"))
                .withViewerAccounts(accounts)
                .withPackaging("360p:360:800", 2)
                .withAppsCopied();
        try (Platform platform = Platform.start(options, line -> System.out.println("  " + line))) {
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "real-player-bench-stop"));
            Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), f.clipSeconds);
            String title = platform.ingest(clip, TitleSpec.open("Real players"), (s, p) -> {});
            long streamBytesPerSec = 60_000; // the 360p rendition of the generated clip, about 60 kB/s
            long edgeRate = Math.round(f.edgeStreams * streamBytesPerSec);
            long uploadCap = Math.round(f.uploadStreams * streamBytesPerSec);
            int account = 1;
            try (CappedEdge edge = CappedEdge.start(platform.originUrl(), edgeRate)) {
                for (String shape : f.shapes) {
                    for (PlayerKind player : players) {
                        if (!player.available()) {
                            System.out.println("== " + shape + " " + player.flag() + ": not available here, skipped");
                            continue;
                        }
                        var base = ViewersOptions.defaults(1, work.resolve("caches/" + shape + "-" + player.flag()))
                                .withCdn(edge.url())
                                .withTransport(TransportConfig.defaults().withUploadCap(uploadCap))
                                .withPeerWait(Duration.ZERO)
                                .withStatsEvery(Duration.ofSeconds(5));
                        int first = account;
                        account += f.viewers + 2;
                        rows.add(runShape(platform, title, shape, player, f.viewers, base, first, work));
                        System.out.println(format(rows.get(rows.size() - 1)));
                        Thread.sleep(3_000); // the tracker sees the "stopped" announces before the next run
                    }
                }
            }
        }
        String report = markdown(rows, f, started);
        Files.writeString(work.resolve("report.md"), report);
        System.out.println(report);
        if (f.doc) {
            BenchmarksDoc.writeSection(
                    home.resolve("docs/benchmarks-history.md"),
                    "## e2e: offload with real players, RealPlayerBench run of "
                            + started.toString().substring(0, 16).replace("T", " ") + " UTC",
                    report);
        }
        return 0;
    }

    private static Row runShape(
            Platform platform,
            String title,
            String shape,
            PlayerKind player,
            int n,
            ViewersOptions base,
            int firstAccount,
            Path work)
            throws Exception {
        System.out.println("== " + shape + " " + player.flag());
        Viewers seeder = null;
        try {
            int watchers = n;
            int account = firstAccount;
            if (shape.equals("seeded")) {
                int seederAccount = account++;
                seeder = Viewers.start(
                        platform,
                        title,
                        base.withPlayer(PlayerKind.FFMPEG).withAccounts(i -> Platform.viewerUser(seederAccount)));
                if (!seeder.awaitFinished(Duration.ofMinutes(3))) throw new IllegalStateException("seeder stuck");
            } else {
                watchers = n + 1;
            }
            int from = account;
            var options = ViewersOptions.defaults(
                            watchers,
                            base.cacheRoot().resolveSibling(base.cacheRoot().getFileName() + "-w"))
                    .withCdn(base.cdn())
                    .withTransport(base.transport())
                    .withPeerWait(Duration.ZERO)
                    .withStatsEvery(base.statsEvery())
                    .withStagger(Duration.ofSeconds(2))
                    .withPlayer(player)
                    .withAccounts(i -> Platform.viewerUser(from + i - 1));
            try (Viewers v = Viewers.start(platform, title, options)) {
                v.awaitFinished(Duration.ofMinutes(5));
                long peer = 0, cdn = 0, stalls = 0, requests = 0;
                int finished = 0;
                List<Long> startups = new ArrayList<>();
                StringBuilder note = new StringBuilder();
                for (Viewer viewer : v.viewers()) {
                    ViewerSnapshot s = viewer.snapshot();
                    peer += s.bytesFromPeers();
                    cdn += s.bytesFromCdn();
                    stalls += s.stalls();
                    if (s.startupMs() >= 0) startups.add(s.startupMs());
                    if (s.state() == ViewerState.DONE) finished++;
                    else note.append(s.user()).append(": ").append(s.error()).append("; ");
                    if (viewer.agent() != null) {
                        requests += viewer.agent().counters().cdnElected.get()
                                + viewer.agent().counters().cdnDeadline.get();
                    }
                }
                long segments =
                        Math.round(platform.title(title).path("durationSeconds").asDouble(60) / 2.0);
                return new Row(
                        shape,
                        player,
                        watchers,
                        finished,
                        peer,
                        cdn,
                        stalls,
                        startups,
                        requests,
                        segments,
                        note.toString());
            }
        } finally {
            if (seeder != null) seeder.close();
        }
    }

    private static String format(Row r) {
        return String.format(
                Locale.ROOT,
                "%s %s: %d/%d finished, offload %.3f, stalls %d, startup p50 %d ms p95 %d ms, CDN requests/segment %.2f %s",
                r.shape(),
                r.player().flag(),
                r.finished(),
                r.viewers(),
                r.offload(),
                r.stalls(),
                Percentiles.nearestRank(r.startups(), 50),
                Percentiles.nearestRank(r.startups(), 95),
                r.segments() == 0 ? 0 : r.cdnRequests() / (double) r.segments(),
                r.note());
    }

    private static String markdown(List<Row> rows, Flags f, Instant started) {
        var sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "`RealPlayerBench` (e2e, a main), run %s UTC: %d s title (360p, ~60 kB/s, 2 s segments), edge %.0f×"
                        + " the stream, uploads %.0f×; joins 2 s apart; `seeded`: one agent holds the title and %d"
                        + " agents watch; `swarm`: %d agents watch. Offload is against the model's in the same shape"
                        + " (target ≥ 0.9×); stalls: hls.js's own count, otherwise the agents' inference from the"
                        + " players' requests.%n%n",
                started.toString().substring(0, 16).replace("T", " "),
                f.clipSeconds,
                f.edgeStreams,
                f.uploadStreams,
                f.viewers,
                f.viewers + 1));
        sb.append("| shape | player | offload | × model | stalls | startup p50 / p95 | CDN requests / segment |"
                + " finished |\n|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            double model = rows.stream()
                    .filter(x -> x.shape().equals(r.shape()) && x.player() == PlayerKind.MODEL)
                    .mapToDouble(Row::offload)
                    .findFirst()
                    .orElse(Double.NaN);
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | **%.3f** | %.2f | %d | %d / %d ms | %.2f | %d / %d |%n",
                    r.shape(),
                    r.player().flag(),
                    r.offload(),
                    r.offload() / model,
                    r.stalls(),
                    Percentiles.nearestRank(r.startups(), 50),
                    Percentiles.nearestRank(r.startups(), 95),
                    r.segments() == 0 ? 0 : r.cdnRequests() / (double) r.segments(),
                    r.finished(),
                    r.viewers()));
        }
        sb.append("""

                Rerun (needs ffmpeg, mpv, vlc, chromium, node and npm; VLC runs as the system user riffle-player, \
                created if missing):

                ```
                ./mvnw -q -pl drm-license,tracker-service,origin-server package -DskipTests
                ./mvnw -q -pl e2e test-compile exec:java -Dexec.classpathScope=test \\
                  -Dexec.mainClass=dev.riffle.e2e.bench.RealPlayerBench -Dexec.args="--viewers 3"
                ```
                """);
        return sb.toString();
    }
}
