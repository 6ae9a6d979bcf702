package dev.riffle.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.transport.TransportConfig;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.SwarmTotals;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The swarm offload benchmark (a main, not a test). Starts the platform (packaged drm-license, tracker-service,
 * origin-server), ingests one generated clip, puts a {@link CappedEdge} with a fixed egress rate in front of the origin,
 * and for each join shape and each N runs N viewers twice on the same title with capped uploads: with the tracker
 * (P2P) and without it (the CDN-only baseline). Join shapes: {@code staggered} (one viewer every {@code --stagger-ms})
 * and {@code flash} (all within {@code --flash-ms}, at seeded random moments). Reports offload against the ceiling
 * 1 − 1/N, CDN requests per segment, stalls and startup against the baseline, and the edge bytes saved; with
 * {@code --doc}, appends the run to docs/benchmarks-history.md and draws docs/img/swarm-offload.png.
 *
 * <pre>
 * --viewers 3,6,10,25,50 N values, in order; a run whose viewers cannot even start stops the list there
 * --joins staggered,flash join shapes, in order
 * --stagger-ms 2000      between two joins (staggered)   --flash-ms 1000  all joins within this (flash)
 * --clip-seconds 60      title length        --segment-seconds 2
 * --read-ahead 6         s buffered before the player asks for more
 * --edge-streams 12      edge egress = this many times the played rendition's bitrate (or --edge-rate B/s)
 * --upload-streams 3     each viewer's upload cap = this many times that bitrate (or --upload-cap B/s)
 * --max-peers 10         peer connections per agent (and peers asked from the tracker)
 * --peer-wait-ms 0       a joining P2P viewer holds its player until a first peer said what it holds, at most this
 *                        long (counted in its startup); 0 = play at once, as a real player does
 * --doc                  append the run to docs/benchmarks-history.md and redraw docs/img/swarm-offload.png
 * </pre>
 */
public final class SwarmBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADING = "## e2e: swarm offload, SwarmBench run of ";

    private SwarmBench() {}

    public static void main(String[] args) throws Exception {
        int code = 1;
        try {
            code = run(Args.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("swarm bench: " + e.getMessage());
            code = 2;
        } catch (Throwable e) {
            // System.exit below would swallow it otherwise
            e.printStackTrace();
        } finally {
            // webrtc-java and Vert.x leave non-daemon threads behind; exec:java would wait for them.
            System.exit(code);
        }
    }

    /** The flags as picocli declares them (the class comment explains each); {@link Args#parse} checks them. */
    @Command(name = "SwarmBench")
    static final class Flags {
        @Option(names = "--viewers", split = ",")
        List<Integer> viewers = new ArrayList<>(List.of(3, 6, 10, 25, 50));

        @Option(names = "--joins", split = ",")
        List<String> joins = new ArrayList<>(List.of("staggered", "flash"));

        @Option(names = "--clip-seconds")
        int clipSeconds = 60;

        @Option(names = "--segment-seconds")
        int segmentSeconds = 2;

        @Option(names = "--stagger-ms")
        long staggerMs = 2000;

        @Option(names = "--flash-ms")
        long flashMs = 1000;

        @Option(names = "--read-ahead")
        double readAhead = 6;

        @Option(names = "--edge-streams")
        double edgeStreams = 12;

        @Option(names = "--edge-rate")
        long edgeRate;

        @Option(names = "--upload-streams")
        double uploadStreams = 3;

        @Option(names = "--upload-cap")
        long uploadCap;

        @Option(names = "--max-peers")
        int maxPeers = 10;

        @Option(names = "--peer-wait-ms")
        long peerWaitMs = 0;

        @Option(names = "--doc")
        boolean doc;
    }

    /** How viewers arrive. */
    enum Joins {
        /** One after the other, {@code --stagger-ms} apart. */
        STAGGERED,
        /** All within {@code --flash-ms}, at seeded random moments. */
        FLASH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    record Args(
            List<Integer> viewers,
            List<Joins> joins,
            int clipSeconds,
            int segmentSeconds,
            long staggerMs,
            long flashMs,
            double readAhead,
            double edgeStreams,
            long edgeRate,
            double uploadStreams,
            long uploadCap,
            int maxPeers,
            long peerWaitMs,
            boolean writeDoc) {
        static Args parse(String[] argv) {
            Flags f = new Flags();
            try {
                new CommandLine(f).parseArgs(argv);
            } catch (ParameterException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (f.viewers.isEmpty() || f.viewers.stream().anyMatch(n -> n < 2 || n > 200)) {
                throw new IllegalArgumentException("--viewers: N in 2..200");
            }
            if (f.clipSeconds < 10 || f.clipSeconds > 600) throw new IllegalArgumentException("--clip-seconds 10..600");
            if (f.maxPeers < 1) throw new IllegalArgumentException("--max-peers >= 1");
            List<Joins> joins = new ArrayList<>();
            for (String j : f.joins) {
                try {
                    joins.add(Joins.valueOf(j.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--joins: staggered and/or flash, not " + j);
                }
            }
            return new Args(
                    List.copyOf(f.viewers),
                    List.copyOf(joins),
                    f.clipSeconds,
                    f.segmentSeconds,
                    f.staggerMs,
                    f.flashMs,
                    f.readAhead,
                    f.edgeStreams,
                    f.edgeRate,
                    f.uploadStreams,
                    f.uploadCap,
                    f.maxPeers,
                    f.peerWaitMs,
                    f.doc);
        }
    }

    /** The title as the bench sees it: the rendition players pick (the master's first variant) and its bitrate. */
    record Title(String id, String rendition, double seconds, long bytes) {
        long bytesPerSec() {
            return Math.round(bytes / seconds);
        }
    }

    private static int run(Args a) throws Exception {
        Instant started = Instant.now();
        Path home = PlatformOptions.findHome();
        Path work = Files.createDirectories(home.resolve("e2e/target/swarm-bench-" + System.currentTimeMillis()));
        int maxN = a.viewers().stream().mapToInt(Integer::intValue).max().orElseThrow();
        // The services run from copies of their packaged apps: a rebuild of a module during the run (other work in
        // the same tree) would otherwise delete jars under a running service.
        var options = PlatformOptions.defaults(work.resolve("platform"))
                .withViewerAccounts(Math.max(maxN, 2))
                .withPackaging("360p:360:800", a.segmentSeconds())
                .withAppsCopied();
        List<SwarmPoint> points = new ArrayList<>();
        String stopped = null;
        Title title;
        long edgeRate, uploadCap;
        double maxLoad = 0;
        try (Platform platform = Platform.start(options, line -> System.out.println("  " + line))) {
            // Interrupted (Ctrl-C, kill): stop the services rather than leave them running.
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "swarm-bench-stop"));
            Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), a.clipSeconds());
            String id = platform.ingest(clip, TitleSpec.open("Swarm bench"), (s, p) -> {});
            title = describe(platform.originUrl(), id);
            edgeRate = a.edgeRate() > 0 ? a.edgeRate() : Math.round(a.edgeStreams() * title.bytesPerSec());
            uploadCap = a.uploadCap() > 0 ? a.uploadCap() : Math.round(a.uploadStreams() * title.bytesPerSec());
            System.out.printf(
                    Locale.ROOT,
                    "title %s: rendition %s, %.1f s, %d B (%.0f kB/s); edge cap %.0f kB/s, upload cap %.0f kB/s%n",
                    id,
                    title.rendition(),
                    title.seconds(),
                    title.bytes(),
                    title.bytesPerSec() / 1e3,
                    edgeRate / 1e3,
                    uploadCap / 1e3);
            try (CappedEdge edge = CappedEdge.start(platform.originUrl(), edgeRate)) {
                for (Joins joins : a.joins()) {
                    for (int n : a.viewers()) {
                        var p2p = runOnce(platform, edge, title, n, joins, true, a, uploadCap, work);
                        maxLoad = Math.max(maxLoad, p2p.maxLoad);
                        var base = runOnce(platform, edge, title, n, joins, false, a, uploadCap, work);
                        maxLoad = Math.max(maxLoad, base.maxLoad);
                        var point = new SwarmPoint(joins.label(), n, p2p.result, base.result);
                        points.add(point);
                        print(point);
                        if (p2p.result.finished() < n / 2 && base.result.finished() < n / 2) {
                            stopped = joins.label() + " N = " + n
                                    + ": fewer than half the viewers finished in either run ("
                                    + p2p.result.finished() + " P2P, " + base.result.finished() + " baseline)";
                            break;
                        }
                    }
                }
            }
        }
        Instant ended = Instant.now();
        // The figures, before anything else can fail.
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(work.resolve("results.json").toFile(), points);
        System.out.println("results: " + work.resolve("results.json"));
        String conditions = String.format(
                Locale.ROOT,
                "%s UTC, %.0f s title (%s, %.0f kB/s), edge %.0f kB/s, upload cap %.0f kB/s, %d ms stagger",
                started.toString().substring(0, 16).replace("T", " "),
                title.seconds(),
                title.rendition(),
                title.bytesPerSec() / 1e3,
                edgeRate / 1e3,
                uploadCap / 1e3,
                a.staggerMs());
        String report = SwarmReport.markdown(a, title, edgeRate, uploadCap, points, started, ended, maxLoad, stopped);
        Files.writeString(work.resolve("report.md"), report);
        System.out.println(report);
        if (a.writeDoc()) {
            List<SwarmPoint> staggered = points.stream()
                    .filter(p -> p.joins().equals(Joins.STAGGERED.label()))
                    .toList();
            if (!staggered.isEmpty()) {
                OffloadPlot.write(staggered, conditions, home.resolve("docs/img/swarm-offload.png"));
            }
            String heading = HEADING + started.toString().substring(0, 16).replace("T", " ") + " UTC";
            BenchmarksDoc.writeSection(home.resolve("docs/benchmarks-history.md"), heading, report);
            System.out.println("appended to docs/benchmarks-history.md (" + heading + ")");
        }
        return 0;
    }

    /** A run's result and the highest 1-minute load average seen during it. */
    record Measured(RunResult result, double maxLoad) {}

    private static Measured runOnce(
            Platform platform,
            CappedEdge edge,
            Title title,
            int n,
            Joins joins,
            boolean p2p,
            Args a,
            long uploadCap,
            Path work)
            throws Exception {
        String label = (p2p ? "P2P" : "CDN-only") + " " + joins.label() + " N=" + n;
        System.out.println("== " + label);
        edge.resetCounters();
        // The baseline: the same agents without tracker (never a peer), the same edge and cap, no peer wait.
        var options = ViewersOptions.defaults(
                        n, work.resolve("caches/" + joins.label() + "-" + (p2p ? "p2p-" : "cdn-") + n))
                .withCdn(edge.url())
                .withP2p(p2p)
                .withScheduler(SchedulerConfig.defaults())
                .withTransport(
                        TransportConfig.defaults().withUploadCap(uploadCap).withMaxConnections(a.maxPeers()))
                .withPeersWanted(a.maxPeers())
                .withStatsEvery(Duration.ofSeconds(5))
                .withReadAhead(a.readAhead())
                .withPeerWait(Duration.ofMillis(p2p ? a.peerWaitMs() : 0))
                .withStagger(Duration.ofMillis(joins == Joins.STAGGERED ? a.staggerMs() : 0))
                .withJoinJitter(Duration.ofMillis(joins == Joins.FLASH ? a.flashMs() : 0))
                .withAccounts(Platform::viewerUser);
        long t0 = System.nanoTime();
        long joinSpan = joins == Joins.STAGGERED ? n * a.staggerMs() : a.flashMs();
        // Bounded: every join, the whole title once, and a generous allowance for stalls.
        long limit = t0
                + TimeUnit.MILLISECONDS.toNanos(joinSpan)
                + TimeUnit.SECONDS.toNanos((long) (title.seconds() * 2) + 90);
        double maxLoad = 0;
        RunResult result;
        try (Viewers viewers = Viewers.start(platform, title.id(), options)) {
            long lastPrint = 0;
            while (!viewers.allFinished() && System.nanoTime() < limit) {
                Thread.sleep(250);
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                maxLoad = Math.max(maxLoad, load);
                if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                    lastPrint = System.nanoTime();
                    List<ViewerSnapshot> now = viewers.snapshots();
                    var t = SwarmTotals.of(now);
                    System.out.printf(
                            Locale.ROOT,
                            "  %s: %d/%d finished, %d stalls, peers %.1f MB, CDN %.1f MB, edge %.1f MB, load %.1f%n",
                            label,
                            now.stream().filter(v -> v.state().finished()).count(),
                            n,
                            t.stalls(),
                            t.p2pBytes() / 1e6,
                            t.cdnBytes() / 1e6,
                            edge.bytesServed() / 1e6,
                            load);
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            List<ViewerSnapshot> each = viewers.snapshots();
            List<Long> startups = new ArrayList<>();
            long peer = 0, cdn = 0, stalls = 0;
            double stalled = 0;
            int finished = 0;
            for (ViewerSnapshot v : each) {
                // From the player being started: the peer wait counts (the demo's startup leaves it out).
                if (v.startupMs() >= 0) startups.add(v.peerWaitMs() + v.startupMs());
                peer += v.bytesFromPeers();
                cdn += v.bytesFromCdn();
                stalls += v.stalls();
                stalled += v.stallMs() / 1e3;
                if (v.state() == ViewerState.DONE) finished++;
                else if (v.error() != null) System.out.println("  viewer failed: " + v.error());
            }
            long cdnRequests = viewers.viewers().stream()
                    .filter(v -> v.agent() != null)
                    .mapToLong(v -> v.agent().counters().cdnElected.get()
                            + v.agent().counters().cdnDeadline.get())
                    .sum();
            long rangeRequests = viewers.viewers().stream()
                    .filter(v -> v.agent() != null)
                    .mapToLong(v -> v.agent().counters().rangeCompletions.get())
                    .sum();
            result = new RunResult(
                    p2p,
                    n,
                    finished,
                    peer,
                    cdn,
                    edge.bytesServed(),
                    stalls,
                    stalled,
                    startups,
                    wall,
                    cdnRequests,
                    rangeRequests,
                    Math.round(title.seconds() / a.segmentSeconds()));
            // Where the CDN bytes went, by join order: the first viewer has nobody to ask; who else pulls, and how
            // much?
            var byViewer = new StringBuilder();
            for (ViewerSnapshot v : each) byViewer.append(String.format(Locale.ROOT, " %.1f", v.bytesFromCdn() / 1e6));
            System.out.println("  " + label + ": CDN MB per viewer, in join order:" + byViewer);
        }
        // Let the tracker see the "stopped" announces before the next run joins the same swarm.
        Thread.sleep(3_000);
        return new Measured(result, maxLoad);
    }

    private static void print(SwarmPoint p) {
        System.out.printf(
                Locale.ROOT,
                "%s N=%d: offload %.3f (ceiling %.3f, target %.3f: %s); CDN requests per segment %.2f; stalls %d vs %d"
                        + " baseline (%s); startup p50 %d/%d ms, p95 %d/%d ms (%s); CDN bytes saved %.1f MB;"
                        + " finished %d/%d P2P, %d/%d baseline%n",
                p.joins(),
                p.n(),
                p.p2p().offloadRatio(),
                p.ceiling(),
                SwarmPoint.TARGET * p.ceiling(),
                p.offloadMet() ? "met" : "NOT met",
                p.p2p().cdnRequestsPerSegment(),
                p.p2p().stalls(),
                p.baseline().stalls(),
                p.stallsMet() ? "met" : "NOT met",
                p.p2p().startupP50(),
                p.baseline().startupP50(),
                p.p2p().startupP95(),
                p.baseline().startupP95(),
                p.startupMet() ? "met" : "NOT met",
                p.cdnBytesSaved() / 1e6,
                p.p2p().finished(),
                p.n(),
                p.baseline().finished(),
                p.n());
    }

    /** Reads the signed manifest from the origin: the first video rendition (the master's first variant). */
    private static Title describe(URI origin, String titleId) throws Exception {
        var http = HttpClient.newHttpClient();
        var r = http.send(
                HttpRequest.newBuilder(origin.resolve("/content/" + titleId + "/manifest.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException("manifest answered " + r.statusCode());
        JsonNode m = JSON.readTree(r.body()).path("manifest");
        for (JsonNode rendition : m.path("renditions")) {
            if (!rendition.path("type").asText().equals("video")) continue;
            long bytes = 0, ms = 0;
            for (JsonNode s : rendition.path("segments")) {
                bytes += s.path("size").asLong();
                ms += s.path("durationMs").asLong();
            }
            return new Title(titleId, rendition.path("id").asText(), ms / 1000.0, bytes);
        }
        throw new IllegalStateException("no video rendition in the manifest of " + titleId);
    }
}
