package dev.riffle.agent.bench;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.player.TestTitle;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Agent CPU and RSS while playing a ~5 Mbps title and seeding it to 4 peers. The measured agent runs alone in a child
 * JVM ({@link MeasuredAgent}); this process holds the edge (Vert.x static files + key endpoint), a TCP signalling relay,
 * the measured agent's player (paced like a real one: each 2 s segment asked for 10 s before it is shown) and 4 peer
 * agents that start 10 s later, are connected to the measured agent only, and play the same title the same way (their
 * scheduler tries the peer first). CPU = (utime + stime) of the child over the window, from {@code /proc/<pid>/stat};
 * RSS sampled every second from {@code /proc/<pid>/status} (VmRSS), plus VmHWM at the end.
 *
 * <p>Args: window seconds (default 60); the measured agent's JVM option sets, one run each, separated by {@code |}
 * ({@code default} = no options; {@code env:NAME=value} sets the child's environment; default {@code "default|-Xmx64m -XX:+UseSerialGC"}). Bounded: the title is window + 30 s long, every wait has a limit, the child exits when our stdin to it
 * closes, and this main exits the JVM when done.
 */
public final class AgentLoadBench {
    private static final int PEERS = 4;
    private static final long SEGMENT_MS = 2_000;
    private static final long AHEAD_MS = 10_000;

    private AgentLoadBench() {}

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        // JVM option sets for the measured agent, separated by '|'; "default" for none.
        String[] configs = (args.length > 1 ? args[1] : "default|-Xmx64m -XX:+UseSerialGC").split("\\|");
        Path work = Files.createDirectories(Path.of("target", "bench-agent-load-" + System.currentTimeMillis())
                .toAbsolutePath());
        System.out.println("encoding a 1280x720 ~5 Mbps title of " + (window + 30) + " s ...");
        TestTitle title = TestTitle.create(work.resolve("origin"), "bench5m", window + 30, 1, "1280x720", 5_000_000);
        var rendition = title.manifest().rendition(title.rendition()).orElseThrow();
        long bytes = rendition.segments().stream().mapToLong(s -> s.size()).sum();
        long millis =
                rendition.segments().stream().mapToLong(s -> s.durationMs()).sum();
        System.out.printf(
                "title: %d segments, %.2f Mbit/s%n", rendition.segments().size(), bytes * 8e-3 / millis);

        Vertx vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.get("/v1/keys/:kid").handler(rc -> rc.response().end(Buffer.buffer(title.key())));
        router.route("/*")
                .handler(StaticHandler.create(
                                FileSystemAccess.ROOT, work.resolve("origin").toString())
                        .setCachingEnabled(false)
                        .setIncludeHidden(true));
        HttpServer edge = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        URI base = URI.create("http://127.0.0.1:" + edge.actualPort() + "/");
        var relay = new SocketSignaling.Relay();
        try {
            for (int run = 0; run < configs.length; run++) {
                String c = configs[run].trim();
                List<String> jvm = c.equals("default") ? List.of() : List.of(c.split("\\s+"));
                runOnce(work.resolve("run-" + run), window, jvm, title, rendition, vertx, base, relay);
            }
        } finally {
            relay.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static void runOnce(
            Path work,
            int window,
            List<String> jvm,
            TestTitle title,
            dev.riffle.protocol.manifest.Rendition rendition,
            Vertx vertx,
            URI base,
            SocketSignaling.Relay relay)
            throws Exception {
        Files.createDirectories(work);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                MeasuredAgent.class.getName(),
                base.toString(),
                Integer.toString(relay.port()),
                work.resolve("cache-measured").toString(),
                "measured" + work.getFileName()));
        // "env:NAME=value" among the options sets the child's environment (e.g. env:MALLOC_ARENA_MAX=2).
        cmd.removeIf(o -> o.startsWith("env:"));
        var pb = new ProcessBuilder(cmd)
                .redirectError(work.resolve("measured.err").toFile());
        for (String o : jvm) {
            if (o.startsWith("env:")) {
                String[] kv = o.substring(4).split("=", 2);
                pb.environment().put(kv[0], kv[1]);
            }
        }
        Process child = pb.start();
        ExecutorService players = Executors.newCachedThreadPool();
        var rtc = new RtcFactory();
        List<Agent> peers = new ArrayList<>();
        try {
            var out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (line == null || !line.startsWith("PORT ")) throw new IllegalStateException("child said " + line);
            int port = Integer.parseInt(line.substring(5).trim());
            long pid = child.pid();
            Thread.sleep(3_000);
            long idleRss = statusKb(pid, "VmRSS:"); // started, nothing played or seeded yet
            URI measuredPlay = URI.create("http://127.0.0.1:" + port + "/play/bench5m/");
            long t0 = System.currentTimeMillis();
            AtomicLong late = new AtomicLong();
            AtomicLong played = new AtomicLong(); // bytes the measured agent delivered to its own player
            List<Future<?>> plays = new ArrayList<>();
            plays.add(
                    players.submit(() -> play(measuredPlay, rendition.segments().size(), t0, late, played)));

            // The peers: P2P first (no urgent window), one peer each — the measured agent.
            SchedulerConfig p2pFirst =
                    SchedulerConfig.defaults().toBuilder().urgentWindowMillis(0).build();
            Thread.sleep(10_000);
            for (int i = 0; i < PEERS; i++) {
                String id = "peer" + i + work.getFileName();
                Agent a = new Agent(
                        vertx,
                        AgentConfig.of(id, base, base, work.resolve("cache-" + id), 2L << 30, 0, () -> "t")
                                .withScheduler(p2pFirst),
                        rtc,
                        new SocketSignaling(relay.port(), new PeerId(id)));
                peers.add(a);
                a.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                a.session("bench5m").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                a.connect(new PeerId("measured" + work.getFileName()), "bench5m", title.rendition())
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                URI play = URI.create("http://127.0.0.1:" + a.port() + "/play/bench5m/");
                long start = System.currentTimeMillis();
                plays.add(players.submit(() -> play(play, rendition.segments().size(), start, late, new AtomicLong())));
            }
            Thread.sleep(5_000);

            String load0 = Files.readString(Path.of("/proc/loadavg")).trim();
            long served0 = fromPeersNow(peers);
            long played0 = played.get();
            long cpu0 = cpuTicks(pid);
            long n0 = System.nanoTime();
            long rssMax = 0, rssSum = 0, samples = 0;
            long deadline = n0 + TimeUnit.SECONDS.toNanos(window);
            while (System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                long rss = statusKb(pid, "VmRSS:");
                rssMax = Math.max(rssMax, rss);
                rssSum += rss;
                samples++;
            }
            long cpu1 = cpuTicks(pid);
            long delivered = fromPeersNow(peers) - served0 + played.get() - played0;
            double seconds = (System.nanoTime() - n0) / 1e9;
            long hwm = statusKb(pid, "VmHWM:");
            if (jvm.stream().anyMatch(o -> o.startsWith("-XX:NativeMemoryTracking"))) nmt(pid);
            String load1 = Files.readString(Path.of("/proc/loadavg")).trim();
            long fromPeers = fromPeersNow(peers);
            long peersCdn = peers.stream()
                    .mapToLong(p -> p.counters().bytesFromCdn.get())
                    .sum();
            long stalls =
                    peers.stream().mapToLong(p -> p.counters().stalls.get()).sum();
            // CLK_TCK is 100 on Linux x86-64.
            System.out.printf(
                    "measured agent (JVM options: %s): CPU %.2f%% of one core over %.0f s while it served %.1f MB to"
                            + " the peers (%.1f Mbit/s); RSS idle %.0f MB, avg %.0f MB, max %.0f MB, VmHWM %.0f MB%n",
                    jvm.isEmpty() ? "none" : String.join(" ", jvm),
                    (cpu1 - cpu0) / 100.0 / seconds * 100,
                    seconds,
                    (fromPeers - served0) / 1e6,
                    (fromPeers - served0) * 8e-6 / seconds,
                    idleRss / 1024.0,
                    rssSum / 1024.0 / Math.max(1, samples),
                    rssMax / 1024.0,
                    hwm / 1024.0);
            System.out.printf(
                    "peers: %d B from the measured agent, %d B from CDN (offload %.2f), stalls %d; player segments"
                            + " later than their slot: %d; load average %s -> %s%n",
                    fromPeers,
                    peersCdn,
                    fromPeers / (double) Math.max(1, fromPeers + peersCdn),
                    stalls,
                    late.get(),
                    load0,
                    load1);
            // The figure to compare between builds: CPU per byte delivered, whatever the rate the run reached.
            System.out.printf(
                    "measured agent: %.1f CPU ms per delivered MB (%.1f MB to peers and its own player)%n",
                    (cpu1 - cpu0) * 10.0 / (delivered / 1e6), delivered / 1e6);
            plays.forEach(f -> f.cancel(true));
        } finally {
            players.shutdownNow();
            child.getOutputStream().close();
            if (!child.waitFor(15, TimeUnit.SECONDS)) child.destroyForcibly();
            peers.forEach(Agent::close);
            rtc.close();
        }
    }

    private static long fromPeersNow(List<Agent> peers) {
        return peers.stream().mapToLong(p -> p.counters().bytesFromPeers.get()).sum();
    }

    /** A paced player: playlists, then segment n asked for {@link #AHEAD_MS} before it is shown. */
    private static Void play(URI base, int segments, long t0, AtomicLong late, AtomicLong bytes) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        get(http, base.resolve("master.m3u8"));
        get(http, base.resolve("720p/index.m3u8"));
        for (int n = 0; n < segments && !Thread.currentThread().isInterrupted(); n++) {
            long due = t0 + n * SEGMENT_MS - AHEAD_MS;
            long wait = due - System.currentTimeMillis();
            if (wait > 0) Thread.sleep(wait);
            bytes.addAndGet(get(http, base.resolve("720p/" + n + ".ts")));
            if (System.currentTimeMillis() > t0 + n * SEGMENT_MS) late.incrementAndGet();
        }
        return null;
    }

    private static long get(HttpClient http, URI uri) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray())
                .body()
                .length;
    }

    /** With {@code -XX:NativeMemoryTracking=summary}: what the JVM itself holds (libwebrtc's own mallocs are not in it). */
    private static void nmt(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.native_memory", "summary")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        for (String l : out.split("\n")) {
            String t = l.trim();
            if (t.startsWith("Total:") || t.startsWith("- ") && t.contains("committed=")) {
                System.out.println("  NMT " + t);
            }
        }
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // Fields after the command name (which may hold spaces) start at field 3: utime is 14, stime 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long statusKb(long pid, String field) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith(field))
                return Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]);
        }
        return -1;
    }
}
