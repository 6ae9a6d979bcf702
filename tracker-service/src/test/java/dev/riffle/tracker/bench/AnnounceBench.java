package dev.riffle.tracker.bench;

import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Announces per second: packaged tracker with the in-memory store, with the Redis store (127.0.0.1:6379), and Debian's
 * opentracker answering plain announces, all driven by the same wrk settings on loopback. Not a test. Run after
 * {@code ./mvnw -pl tracker-service package -DskipTests}:
 *
 * <pre>
 * ./mvnw -q -o -pl tracker-service exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.riffle.tracker.bench.AnnounceBench [-Dbench.seconds=10]
 * </pre>
 *
 * Authentication: one pre-issued RS256 token (test key), validated locally by quarkus-oidc ({@code public-key}); the
 * first announce goes through full OIDC validation, later ones hit the verified-token fast path, as an agent's would.
 * Per target: a warm-up ({@code bench.warmup}, 45 s: the JIT needs ~40 s), then closed-loop runs at 64 and 4
 * connections, then a half-load run: wrk's {@code delay()} makes each connection wait 2 ms between requests, with as
 * many connections as offer about half the 64-connection rate (an approximation of a rate-controlled run; no wrk2 in
 * Debian). Options: {@code bench.targets} (memory,redis,opentracker), {@code bench.peers} (5000 peer ids over 50
 * swarms), {@code bench.jfr} (a path prefix: the tracker JVM records a JFR profile), {@code bench.jvm} (tracker JVM
 * options, default {@code -XX:+UseParallelGC} as shipped), {@code bench.wrkCpus} (pin wrk with {@code taskset}).
 */
public final class AnnounceBench {

    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    static final int LOW_CONNECTIONS = Integer.getInteger("bench.lowConnections", 4);
    /** JIT needs ~40 s of load before the rate settles (measured: 535/s → 7,100/s over the first 40 s). */
    static final int WARMUP = Integer.getInteger("bench.warmup", 45);
    /** Distinct peer ids (devices of the bench account) spread over 50 swarms, so answers carry real peer lists. */
    static final int PEERS = Integer.getInteger("bench.peers", 5000);
    /** Milliseconds each connection waits between requests in the half-load run (wrk's delay()). */
    static final int HALF_LOAD_DELAY_MS = 2;

    static final String TARGETS = System.getProperty("bench.targets", "memory,redis,opentracker");
    /**
     * Options for the tracker JVM, space-separated. The default is what {@code ./riffle tracker} and the container image
     * use; {@code -Dbench.jvm=} (empty) runs the JDK's defaults (G1).
     */
    static final String JVM_OPTIONS = System.getProperty("bench.jvm", "-XX:+UseParallelGC");
    /**
     * If set (e.g. {@code 1}), wrk runs pinned to these CPUs with {@code taskset -c}, so the load generator does not
     * preempt the server on every core; the server is never pinned.
     */
    static final String WRK_CPUS = System.getProperty("bench.wrkCpus", "");
    /** If set, the tracker JVM records a JFR profile there (one file per store). */
    static final String JFR = System.getProperty("bench.jfr", "");

    /**
     * {@code cpuMicros}: the server's CPU time (user + system) per request during the 64-connection run; {@code
     * sysMicros} the system (kernel) part of it.
     */
    record Result(String name, Wrk full, Wrk low, Wrk half, double cpuMicros, double sysMicros) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("riffle-bench-");
        Path lua = announceScript(work, "announce.lua", "");
        Path luaHalf =
                announceScript(work, "announce-half.lua", "delay = function() return " + HALF_LOAD_DELAY_MS + " end\n");
        List<Result> results = new ArrayList<>();
        for (String target : TARGETS.split(",")) {
            switch (target.trim()) {
                case "memory" -> results.add(tracker("tracker, in memory", "memory", work, lua, luaHalf));
                case "redis" -> results.add(tracker("tracker, Redis", "redis", work, lua, luaHalf));
                case "opentracker" -> results.add(opentracker(work));
                default -> throw new IllegalArgumentException("unknown target " + target);
            }
        }
        System.out.println();
        System.out.printf(
                "load average %.2f; %d s runs after %d s warm-up; %d peer ids over 50 swarms%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                SECONDS,
                WARMUP,
                PEERS);
        System.out.println("| target | announces/s, " + CONNECTIONS
                + " conns | server CPU µs/announce (kernel) | p50 | p99 |" + " announces/s, " + LOW_CONNECTIONS
                + " conns | p99 | half load: announces/s (conns) | p50 | p99 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(
                    "| %s | %,.0f | %.1f (%.1f) | %s | %s | %,.0f | %s | %,.0f (%d) | %s | %s |%n",
                    r.name,
                    r.full.rate,
                    r.cpuMicros,
                    r.sysMicros,
                    r.full.p50,
                    r.full.p99,
                    r.low.rate,
                    r.low.p99,
                    r.half.rate,
                    r.half.connections,
                    r.half.p50,
                    r.half.p99);
        }
        Result ot = results.stream()
                .filter(r -> r.name.equals("opentracker"))
                .findFirst()
                .orElse(null);
        if (ot != null) {
            for (Result r : results) {
                if (r != ot) {
                    System.out.printf("ratio %s / opentracker = %.2f%n", r.name, r.full.rate / ot.full.rate);
                }
            }
        }
    }

    /** The wrk script announcing as {@link #PEERS} peer ids of the bench account over 50 swarms, plus {@code extra}. */
    static Path announceScript(Path work, String name, String extra) throws IOException {
        String token = TestTokens.subscriber("bench");
        String tag = PeerIds.of("bench", "0").substring(0, 16); // the stable tag, good for any device
        String body = """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer %s"
                local n = math.random(0, 1000000)
                request = function()
                  n = n + 1
                  local body = '{"event":"started","peerId":"%s.' .. (n %% %d) .. '","uploadCapacity":2000000,'
                    .. '"swarms":[{"id":"bench-' .. (n %% 50) .. '","playhead":' .. (n %% 500)
                    .. ',"have":[[0,' .. (n %% 500) .. ']]}]}'
                  return wrk.format(nil, nil, nil, body)
                end
                """.formatted(token, tag, PEERS);
        Path script = work.resolve(name);
        Files.writeString(script, body + extra);
        return script;
    }

    /** Connections that, each waiting HALF_LOAD_DELAY_MS between requests, offer about half of {@code rate}. */
    static int halfLoadConnections(double rate) {
        return (int) Math.max(2, Math.min(256, Math.round(rate / 2 * HALF_LOAD_DELAY_MS / 1000.0)));
    }

    /**
     * About half of {@code fullRate}: a 3 s probe with the estimated connection count, then the count scaled by how far
     * the probe fell short (each connection also waits for its answers), then the measured run.
     */
    static Wrk halfLoad(String url, Path luaHalf, double fullRate) throws IOException, InterruptedException {
        int conns = halfLoadConnections(fullRate);
        Wrk probe = wrk(url, luaHalf, 3, conns);
        if (probe.rate > 0) {
            conns = (int) Math.max(2, Math.min(256, Math.round(conns * (fullRate / 2) / probe.rate)));
        }
        return wrk(url, luaHalf, SECONDS, conns);
    }

    static Result tracker(String name, String kind, Path work, Path lua, Path luaHalf) throws Exception {
        int port = freePort();
        Process app = startTracker(kind, work, Path.of("target/quarkus-app/quarkus-run.jar"), port, kind + ".log");
        try {
            String url = "http://127.0.0.1:" + port + "/v1/announce";
            wrk(url, lua, WARMUP, 16); // warm-up: JIT
            return measure(name, app.pid(), url, lua, luaHalf);
        } finally {
            if (kind.equals("redis")) {
                deleteRedisKeys("riffle-bench:" + ProcessHandle.current().pid() + ":");
            }
            app.destroy();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    /** The 64-connection run (with the server's CPU per request), the 4-connection run and the half-load run. */
    static Result measure(String name, long pid, String url, Path lua, Path luaHalf) throws Exception {
        long[] cpu0 = cpuMicros(pid);
        Wrk full = wrk(url, lua, SECONDS, CONNECTIONS);
        long[] cpu1 = cpuMicros(pid);
        double requests = full.rate * SECONDS;
        Wrk low = wrk(url, lua, SECONDS, LOW_CONNECTIONS);
        Wrk half = halfLoad(url, luaHalf, full.rate);
        return new Result(name, full, low, half, (cpu1[0] - cpu0[0]) / requests, (cpu1[1] - cpu0[1]) / requests);
    }

    /** The packaged tracker {@code jar} on {@code port}, with the bench's settings (see the class comment). */
    static Process startTracker(String kind, Path work, Path jar, int port, String logName) throws Exception {
        return startTracker(kind, work, jar, port, logName, JVM_OPTIONS);
    }

    /** As above, with {@code jvmOptions} (space-separated) instead of {@code bench.jvm}. */
    static Process startTracker(String kind, Path work, Path jar, int port, String logName, String jvmOptions)
            throws Exception {
        String pub = Files.readString(Path.of("src/test/resources/tokens/test-signing-key.pub.pem"))
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        int management = dev.riffle.testkit.FreePorts.pick();
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management,
                "-Dquarkus.oidc.auth-server-url=",
                "-Dquarkus.oidc.discovery-enabled=false",
                "-Dquarkus.oidc.public-key=" + pub,
                "-Dquarkus.log.level=WARN",
                "-Driffle.tracker.store.kind=" + kind,
                "-Driffle.tracker.store.key-prefix=riffle-bench:"
                        + ProcessHandle.current().pid() + ":",
                "-Driffle.tracker.geo.overrides=127.0.0.0/8=64512/DE/BE",
                // every bench peer is 127.0.0.1: without this the /24 cap would cut answers to 3 peers, while
                // opentracker returns numwant=30
                "-Driffle.tracker.matching.max-per-subnet=30",
                "-Driffle.tracker.rate-limit.announces-per-second=1000000000",
                "-Driffle.tracker.rate-limit.announce-burst=1000000"));
        if (!jvmOptions.isBlank()) {
            cmd.addAll(1, List.of(jvmOptions.trim().split("\\s+")));
        }
        if (!JFR.isEmpty()) {
            cmd.add("-XX:StartFlightRecording=settings=profile,filename=" + JFR + "-" + kind + ".jfr");
        }
        cmd.addAll(List.of("-jar", jar.toString()));
        Process app = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile())
                .start();
        try {
            awaitHttp("http://127.0.0.1:" + management + "/q/health/ready", 60);
        } catch (Exception | Error e) {
            app.destroyForcibly();
            throw e;
        }
        return app;
    }

    /** Removes the bench's keys (they would expire after 2 × TTL anyway); SCAN, so Redis is never blocked. */
    static void deleteRedisKeys(String prefix) {
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create("redis://127.0.0.1:6379");
        try (var connection = client.connect()) {
            var redis = connection.sync();
            io.lettuce.core.ScanCursor cursor = io.lettuce.core.ScanCursor.INITIAL;
            do {
                io.lettuce.core.KeyScanCursor<String> page = redis.scan(
                        cursor,
                        io.lettuce.core.ScanArgs.Builder.matches(prefix + "*").limit(1000));
                if (!page.getKeys().isEmpty()) {
                    redis.del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    static Result opentracker(Path work) throws Exception {
        int port = freePort();
        Path conf = work.resolve("opentracker.conf");
        // Debian builds opentracker with a whitelist: without one it answers every announce "not authorized" (cheap,
        // and not an announce). It chroots into the -d directory, hence the absolute path inside it.
        StringBuilder whitelist = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            whitelist.append(HexFormat.of().formatHex("%020d".formatted(i).getBytes(StandardCharsets.US_ASCII)));
            whitelist.append('\n');
        }
        Files.writeString(work.resolve("whitelist.txt"), whitelist);
        Files.writeString(conf, "listen.tcp 127.0.0.1:" + port + "\naccess.whitelist /whitelist.txt\n");
        Process ot = new ProcessBuilder("/usr/bin/opentracker", "-f", conf.toString(), "-d", work.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("opentracker.log").toFile())
                .start();
        try {
            awaitHttp("http://127.0.0.1:" + port + "/stats", 10);
            Path lua = work.resolve("ot.lua");
            Files.writeString(lua, """
                    local n = 0
                    request = function()
                      n = n + 1
                      local hash = string.format("%%020d", n %% 50)
                      local peer = string.format("-RF0001-%%012d", n %% %d)
                      -- opentracker tells peers apart by address and port: one port per peer id
                      return wrk.format("GET", "/announce?info_hash=" .. hash .. "&peer_id=" .. peer
                        .. "&port=" .. (10000 + n %% %d)
                        .. "&uploaded=0&downloaded=0&left=100&compact=1&numwant=30&event=started")
                    end
                    """.formatted(PEERS, PEERS));
            Path luaHalf = work.resolve("ot-half.lua");
            Files.writeString(
                    luaHalf, Files.readString(lua) + "delay = function() return " + HALF_LOAD_DELAY_MS + " end\n");
            String url = "http://127.0.0.1:" + port;
            wrk(url, lua, 2, 2);
            return measure("opentracker", ot.pid(), url, lua, luaHalf);
        } finally {
            ot.destroy();
            if (!ot.waitFor(10, TimeUnit.SECONDS)) {
                ot.destroyForcibly();
            }
        }
    }

    record Wrk(double rate, String p50, String p99, int connections, String raw) {}

    static Wrk wrk(String url, Path lua, int seconds, int connections) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (!WRK_CPUS.isBlank()) {
            cmd.addAll(List.of("/usr/bin/taskset", "-c", WRK_CPUS));
        }
        cmd.addAll(List.of(
                "/usr/bin/wrk",
                "-t2",
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-s",
                lua.toString(),
                url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        System.out.println(out);
        if (out.contains("Non-2xx")) {
            System.out.println("WARNING: non-2xx answers in this run");
        }
        return new Wrk(
                Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)")),
                find(out, "(?m)^\\s+50%\\s+(\\S+)"),
                find(out, "(?m)^\\s+99%\\s+(\\S+)"),
                connections,
                out);
    }

    /**
     * CPU time the process has used (all threads), in microseconds, from {@code /proc/<pid>/stat} (clock ticks of 10
     * ms): user + system, then system alone. Steadier than the request rate when the load generator shares the cores.
     */
    static long[] cpuMicros(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state is field 3, utime 14 and stime 15
        long user = Long.parseLong(f[11]) * 10_000;
        long system = Long.parseLong(f[12]) * 10_000;
        return new long[] {user + system, system};
    }

    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : "0";
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitHttp(String url, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c =
                        (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(500);
                if (c.getResponseCode() < 500) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not ready: " + url);
    }
}
