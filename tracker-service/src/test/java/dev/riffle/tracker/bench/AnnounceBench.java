package dev.riffle.tracker.bench;

import dev.riffle.tracker.TestTokens;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * Authentication: one pre-issued RS256 token (test key), validated locally by quarkus-oidc ({@code public-key}).
 */
public final class AnnounceBench {

    static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    static final int CONNECTIONS = Integer.getInteger("bench.connections", 64);
    static final int LOW_CONNECTIONS = Integer.getInteger("bench.lowConnections", 4);
    static final int WARMUP = Integer.getInteger("bench.warmup", 15);

    record Result(String name, double rate, String p50, String p99, String lowRate, String lowP99) {}

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("riffle-bench-");
        String token = TestTokens.subscriber("bench");
        Path lua = work.resolve("announce.lua");
        Files.writeString(lua, """
                wrk.method = "POST"
                wrk.headers["Content-Type"] = "application/json"
                wrk.headers["Authorization"] = "Bearer %s"
                local n = 0
                request = function()
                  n = n + 1
                  local body = '{"event":"started","uploadCapacity":2000000,"swarms":[{"id":"bench-' .. (n %% 50)
                    .. '","playhead":' .. (n %% 500) .. ',"have":[[0,' .. (n %% 500) .. ']]}]}'
                  return wrk.format(nil, nil, nil, body)
                end
                """.formatted(token));
        List<Result> results = new ArrayList<>();
        results.add(tracker("in-memory", "memory", work, lua));
        results.add(tracker("redis", "redis", work, lua));
        results.add(opentracker(work));
        System.out.println();
        System.out.println("| target | announces/s (" + CONNECTIONS + " conns) | p50 | p99 | " + LOW_CONNECTIONS
                + " conns: announces/s | p99 |");
        System.out.println("|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf("| %s | %.0f | %s | %s | %s | %s |%n", r.name, r.rate, r.p50, r.p99, r.lowRate, r.lowP99);
        }
        double ot = results.get(2).rate();
        System.out.printf(
                "ratio in-memory/opentracker = %.2f, redis/opentracker = %.2f%n",
                results.get(0).rate() / ot, results.get(1).rate() / ot);
    }

    static Result tracker(String name, String kind, Path work, Path lua) throws Exception {
        int port = freePort();
        String pub = Files.readString(Path.of("src/test/resources/tokens/test-signing-key.pub.pem"))
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        List<String> cmd = List.of(
                "java",
                "-Xmx1g",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.oidc.auth-server-url=",
                "-Dquarkus.oidc.discovery-enabled=false",
                "-Dquarkus.oidc.public-key=" + pub,
                "-Dquarkus.log.level=WARN",
                "-Driffle.tracker.store.kind=" + kind,
                "-Driffle.tracker.store.key-prefix=riffle-bench:"
                        + ProcessHandle.current().pid() + ":",
                "-Driffle.tracker.geo.overrides=127.0.0.0/8=64512/DE/BE",
                "-Driffle.tracker.rate-limit.announces-per-second=1000000000",
                "-Driffle.tracker.rate-limit.announce-burst=1000000",
                "-jar",
                "target/quarkus-app/quarkus-run.jar");
        Process app = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile())
                .start();
        try {
            awaitHttp("http://127.0.0.1:" + port + "/q/health/ready", 60);
            String url = "http://127.0.0.1:" + port + "/v1/announce";
            wrk(url, lua, WARMUP, 16); // warm-up: JIT
            Wrk full = wrk(url, lua, SECONDS, CONNECTIONS);
            Wrk low = wrk(url, lua, SECONDS, LOW_CONNECTIONS);
            return new Result(name, full.rate, full.p50, full.p99, String.format("%.0f", low.rate), low.p99);
        } finally {
            app.destroy();
            if (!app.waitFor(10, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    static Result opentracker(Path work) throws Exception {
        int port = freePort();
        Path conf = work.resolve("opentracker.conf");
        Files.writeString(conf, "listen.tcp 127.0.0.1:" + port + "\n");
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
                      local peer = string.format("-RF0001-%%012d", n %% 5000)
                      return wrk.format("GET", "/announce?info_hash=" .. hash .. "&peer_id=" .. peer
                        .. "&port=6881&uploaded=0&downloaded=0&left=100&compact=1&numwant=30&event=started")
                    end
                    """);
            String url = "http://127.0.0.1:" + port;
            wrk(url, lua, 2, 2);
            Wrk full = wrk(url, lua, SECONDS, CONNECTIONS);
            Wrk low = wrk(url, lua, SECONDS, LOW_CONNECTIONS);
            return new Result("opentracker", full.rate, full.p50, full.p99, String.format("%.0f", low.rate), low.p99);
        } finally {
            ot.destroy();
            if (!ot.waitFor(10, TimeUnit.SECONDS)) {
                ot.destroyForcibly();
            }
        }
    }

    record Wrk(double rate, String p50, String p99, String raw) {}

    static Wrk wrk(String url, Path lua, int seconds, int connections) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(
                        "/usr/bin/wrk",
                        "-t2",
                        "-c" + connections,
                        "-d" + seconds + "s",
                        "--latency",
                        "-s",
                        lua.toString(),
                        url)
                .redirectErrorStream(true)
                .start();
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
                out);
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
