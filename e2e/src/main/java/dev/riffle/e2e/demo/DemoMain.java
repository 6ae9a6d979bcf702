package dev.riffle.e2e.demo;

import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.PlayerKind;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.ViewerState;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import dev.riffle.testkit.LiveFeed;
import dev.riffle.testkit.ManagedProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./riffle demo}: the whole platform on this machine, a title ingested, N viewers watching it through their own
 * agents, live progress, a summary. See {@link DemoOptions#USAGE}.
 */
public final class DemoMain {
    private static final List<String> SERVICES = List.of("drm-license-dev", "tracker-service", "origin-server");

    private final DemoOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private volatile Platform platform;
    private volatile Viewers viewers;
    private volatile ManagedProcess liveFeed;
    private final CountDownLatch stopped = new CountDownLatch(1);

    DemoMain(DemoOptions options, PrintStream out, PrintStream err, boolean tty) {
        this.options = options;
        this.out = out;
        this.err = err;
        this.tty = tty;
    }

    public static void main(String[] args) {
        boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
        int code = run(args, System.out, System.err, tty);
        RtcFactory.quietNativeExit(); // everything is stopped and printed: see why there
        System.exit(code);
    }

    /** Runs the demo; returns the exit code (0 all viewers played to the end, 1 failure, 2 bad usage). */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean tty) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("riffle demo: " + e.getMessage());
            err.println("(./riffle demo --help lists the options)");
            return 2;
        }
        if (options.help()) {
            out.print(DemoOptions.USAGE);
            return 0;
        }
        DemoMain demo = new DemoMain(options, out, err, tty && !options.plain());
        Thread hook = new Thread(
                () -> {
                    demo.stop(); // Ctrl-C: agents, their WebRTC factory, the services
                    if (out == System.out) RtcFactory.quietNativeExit();
                },
                "riffle-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return demo.run();
        } catch (RuntimeException e) {
            err.println("riffle demo: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            demo.stop();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down (Ctrl-C): the hook runs stop()
            }
        }
    }

    private int run() throws InterruptedException {
        Path home = PlatformOptions.findHome();
        List<String> problems = Prerequisites.check(home, SERVICES);
        if (options.input().isPresent() && !Files.isRegularFile(options.input().get())) {
            problems = new java.util.ArrayList<>(problems);
            problems.add("--input " + options.input().get() + " is not a readable file");
        }
        if (!problems.isEmpty()) {
            err.println("riffle demo cannot start:");
            problems.forEach(p -> err.println("  - " + p));
            return 1;
        }
        Path work = options.workDir()
                .resolve("run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .toAbsolutePath();
        PlatformOptions po = PlatformOptions.defaults(work).withViewerAccounts(Math.max(10, options.viewers()));
        if (options.redis().isPresent()) po = po.withRedis(options.redis().get());
        if (options.keycloak().isPresent())
            po = po.withKeycloak(options.keycloak().get());

        out.println("Riffle demo: " + options.viewers() + " viewers; logs and data in " + work);
        out.println("starting the platform...");
        platform = Platform.start(po, line -> out.println("  " + line));

        String titleId;
        String name;
        double seconds;
        if (options.live()) {
            titleId = startLiveChannel(work);
            name = "live channel " + titleId;
            seconds = options.seconds();
        } else {
            Path source = options.input().orElse(null);
            if (source == null) {
                out.println("generating a " + options.seconds() + " s test clip with ffmpeg...");
                source = Platform.generateSampleClip(work.resolve("sample.mp4"), options.seconds());
            }
            name = source.getFileName().toString();
            IngestLine ingestLine = new IngestLine(out, tty);
            titleId = platform.ingest(source, TitleSpec.open(name), ingestLine::update);
            ingestLine.done();
            var title = platform.title(titleId);
            seconds = title.path("durationSeconds").asDouble();
            out.printf(
                    Locale.ROOT,
                    "published %s: %.1f s, renditions %s%n",
                    titleId,
                    seconds,
                    title.path("renditions").toString());
        }

        if (options.player() == PlayerKind.HLSJS) {
            out.println("setting up hls.js (npm ci)...");
            try {
                PlayerKind.setUpBrowser(work.resolve("browser"));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        ViewersOptions vo = ViewersOptions.defaults(options.viewers(), work.resolve("agent-caches"))
                .withStagger(Duration.ofMillis((long) (options.staggerSeconds() * 1000)))
                .withPlayer(options.player())
                .withLiveSeconds(options.live() ? options.seconds() : 0);
        viewers = Viewers.start(platform, titleId, vo);
        LiveView view = new LiveView(
                out,
                tty,
                String.format(Locale.ROOT, " Riffle demo: %s (%.0f s), %d viewers", name, seconds, options.viewers()));
        long t0 = System.nanoTime();
        // Bounded: every viewer's join, the title at playback pace, and generous slack for a busy machine.
        long limitMs = (long) ((options.staggerSeconds() * options.viewers() + seconds * 2 + 120) * 1000);
        long elapsed = 0;
        while (!viewers.allFinished() && elapsed < limitMs) {
            view.update(viewers.snapshots(), viewers.totals(), elapsed);
            Thread.sleep(500);
            elapsed = (System.nanoTime() - t0) / 1_000_000;
        }
        boolean timedOut = !viewers.allFinished();
        viewers.awaitFinished(Duration.ZERO);
        view.update(viewers.snapshots(), viewers.totals(), elapsed);
        // The agents report every 2 s: let the last reports reach the tracker before reading its totals.
        Thread.sleep(2_500);
        List<ViewerSnapshot> snaps = viewers.snapshots();
        var totals = viewers.totals();
        double trackerOffload =
                platform.trackerStats().path("totals").path("offloadRatio").asDouble();

        out.println();
        Summary.table(snaps, totals, trackerOffload).forEach(out::println);
        if (options.live()) {
            out.printf(
                    Locale.ROOT,
                    "latency behind the encoder (segment handed to the player minus its first frame's time): p50 %s,"
                            + " p95 %s%n",
                    LiveView.ms(viewers.liveLatencyMs(50)),
                    LiveView.ms(viewers.liveLatencyMs(95)));
        }
        if (timedOut) out.println("not every viewer finished within " + limitMs / 1000 + " s");
        if (options.json().isPresent()) {
            Path json = options.json().get().toAbsolutePath();
            try {
                if (json.getParent() != null) Files.createDirectories(json.getParent());
                Files.writeString(
                        json, Summary.pretty(summaryJson(titleId, seconds, snaps, totals, trackerOffload, work)));
            } catch (IOException e) {
                err.println("riffle demo: could not write " + json + ": " + e.getMessage());
                return 1;
            }
            out.println("JSON summary: " + json);
        }
        boolean ok = !timedOut && snaps.stream().allMatch(v -> v.state() == ViewerState.DONE);
        if (options.keepRunning()) {
            printUrls(titleId, snaps);
            out.println("running; press Ctrl-C to stop everything");
            stopped.await();
        }
        return ok ? 0 : 1;
    }

    /**
     * Creates a live channel and starts ffmpeg pushing the feed to it; returns once the channel is on air with three
     * segments (players start a few segments from the edge).
     */
    private String startLiveChannel(Path work) throws InterruptedException {
        var channel = platform.createLiveChannel("Riffle live demo");
        String id = channel.path("id").asText();
        out.println("live channel " + id + ": ffmpeg pushes a " + options.seconds() + " s feed to "
                + channel.path("ingestUrl").asText());
        liveFeed = LiveFeed.start(
                channel.path("pushUrl").asText(), "640x360", 25, options.seconds(), work.resolve("live-feed.log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (platform.liveChannel(id).path("segmentsPublished").asLong() < 3) {
            if (!liveFeed.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the live feed did not go on air; ffmpeg said:\n" + liveFeed.logTail(10)
                        + "\n(see " + work.resolve("live-feed.log") + ")");
            }
            Thread.sleep(200);
        }
        out.println("on air");
        return id;
    }

    private com.fasterxml.jackson.databind.node.ObjectNode summaryJson(
            String titleId,
            double seconds,
            List<ViewerSnapshot> snaps,
            dev.riffle.e2e.platform.SwarmTotals totals,
            double trackerOffload,
            Path work) {
        var json = Summary.json(titleId, seconds, snaps, totals, trackerOffload, work.toString());
        if (options.live()) {
            json.put("live", true);
            json.put("latencyMsP50", viewers.liveLatencyMs(50));
            json.put("latencyMsP95", viewers.liveLatencyMs(95));
        }
        return json;
    }

    private void printUrls(String titleId, List<ViewerSnapshot> snaps) {
        out.println();
        out.println("The platform and the agents stay up:");
        ViewerSnapshot first = snaps.get(0);
        if (first.playUrl() != null) {
            out.println("  subscriber's app:         " + first.statusUrl().resolve("/")
                    + "  (open in a browser: catalogue, play, source bar, my titles)");
            out.println("  play (VLC, ffplay, mpv):  ffplay " + first.playUrl());
            out.println("  that agent's status:      " + first.statusUrl());
            out.println("  that agent's metrics:     " + first.statusUrl().resolve("/metrics"));
        }
        out.println("  ops dashboard:            " + platform.trackerUrl() + "/ops/index.html");
        out.println("  tracker stats (JSON):     " + platform.trackerUrl() + "/v1/stats");
        out.println("  tracker metrics:          " + management(platform, "tracker-service") + "/q/metrics");
        out.println("  origin catalogue:         " + platform.originUrl() + "/v1/titles");
        out.println("  origin master playlist:   " + platform.originUrl() + "/content/" + titleId + "/master.m3u8");
        out.println("  license server metrics:   " + management(platform, "drm-license") + "/q/metrics");
        out.println("  logs:                     " + platform.workDir());
    }

    /** Health and metrics of a service are on its management port, not its API port. */
    private static String management(Platform platform, String service) {
        return platform.services().stream()
                .filter(app -> app.name().equals(service))
                .map(app -> app.managementUrl().toString())
                .findFirst()
                .orElse("?");
    }

    /**
     * Stops viewers (agents) and the services; safe to call twice and from the shutdown hook. Synchronized: on Ctrl-C
     * the hook and the main thread both get here, and the JVM must not exit while the other is half-way through.
     */
    synchronized void stop() {
        stopped.countDown();
        Viewers v = viewers;
        viewers = null;
        if (v != null) v.close();
        ManagedProcess feed = liveFeed;
        liveFeed = null;
        if (feed != null) feed.stop(Duration.ofSeconds(5));
        Platform p = platform;
        platform = null;
        if (p != null) p.close();
    }

    /** Ingest progress: one line rewritten in place on a terminal, a line per state otherwise. */
    private static final class IngestLine {
        private final PrintStream out;
        private final boolean tty;
        private String lastState = "";

        IngestLine(PrintStream out, boolean tty) {
            this.out = out;
            this.tty = tty;
        }

        void update(String state, double progress) {
            if (tty) {
                out.printf(Locale.ROOT, "\r\033[2Kingest: %-12s %3.0f%%", state, 100 * progress);
                out.flush();
            } else if (!state.equals(lastState)) {
                out.printf(Locale.ROOT, "ingest: %s (%.0f%%)%n", state, 100 * progress);
            }
            lastState = state;
        }

        void done() {
            if (tty) out.println();
        }
    }
}
