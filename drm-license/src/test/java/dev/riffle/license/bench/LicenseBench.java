package dev.riffle.license.bench;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.ManagedProcess;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Licenses per second and latency of {@code POST /v1/license/clearkey} with real token validation (RS256 JWT checked by
 * quarkus-oidc on every request). Not a test. Starts the packaged drm-license ({@code target/quarkus-app}) on a free
 * loopback port, publishes a key, then runs {@code threads} closed-loop lanes (requests in flight) for a bounded time and count.
 *
 * <pre>
 * ./mvnw -q -o -pl testkit,drm-license install -DskipTests
 * ./mvnw -q -o -pl drm-license exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.riffle.license.bench.LicenseBench -Dexec.args="--threads 8 --seconds 20"
 * </pre>
 *
 * Flags: {@code --threads N} (8), {@code --seconds S} measured (20), {@code --warmup S} (8), {@code --max N} requests
 * (200000), {@code --jfr} (flight recording of the server in target/bench), {@code --keycloak} (tokens from the real Keycloak via testkit instead of the built-in dev issuer).
 */
public final class LicenseBench {
    public static void main(String[] args) throws Exception {
        int threads = intArg(args, "--threads", 8);
        int seconds = intArg(args, "--seconds", 20);
        int warmup = intArg(args, "--warmup", 8);
        int max = intArg(args, "--max", 200_000);
        boolean keycloak = Arrays.asList(args).contains("--keycloak");

        // exec:java keeps the caller's working directory: the repository root or the module itself. The dev issuer
        // lives in the single-machine build (drm-license-dev); with Keycloak, the production artifact runs.
        String module = keycloak ? "drm-license" : "drm-license-dev";
        Path jar = Path.of("../" + module + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            jar = Path.of(module + "/target/quarkus-app/quarkus-run.jar");
        }
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build first: ./mvnw -pl " + module + " -am install -DskipTests");
        }
        int port = FreePorts.pick();
        int management = FreePorts.pick();
        String base = "http://127.0.0.1:" + port;
        String issuer = keycloak ? Keycloak.shared().issuer().toString() : base + "/dev-idp";
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.port=" + management,
                "-Dquarkus.oidc.auth-server-url=" + issuer,
                "-Driffle.license.keys.embedded-persist=false",
                "-Driffle.license.limits.concurrent-streams=1000",
                "-jar",
                jar.toString()));
        if (Arrays.asList(args).contains("--jfr")) {
            cmd.add(1, "-XX:StartFlightRecording=filename=target/bench/license-server.jfr,settings=profile");
        }
        Path log = Path.of("target/bench/license-bench-server.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        try (ManagedProcess server = ManagedProcess.start(cmd, Path.of("."), log, Map.of())) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            awaitUp(http, "http://127.0.0.1:" + management, server);
            OidcTokens tokens = OidcTokens.forIssuer(URI.create(issuer));
            String origin = tokens.clientCredentials(RiffleRealm.ORIGIN_CLIENT, RiffleRealm.ORIGIN_SECRET);
            String keyJson = send(
                            http,
                            HttpRequest.newBuilder(URI.create(base + "/v1/packager/titles/bench-title/key"))
                                    .header("Authorization", "Bearer " + origin)
                                    .PUT(HttpRequest.BodyPublishers.noBody())
                                    .build())
                    .body();
            Matcher m = Pattern.compile("\"kid\":\"([^\"]+)\"").matcher(keyJson);
            if (!m.find()) {
                throw new IllegalStateException("no kid from packager API");
            }
            String body = "{\"kids\":[\"" + m.group(1) + "\"],\"type\":\"temporary\"}";
            String alice = tokens.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.ALICE);

            System.out.printf("warming up %d s with %d threads...%n", warmup, threads);
            run(port, alice, body, threads, warmup, Integer.MAX_VALUE);
            System.out.printf("measuring %d s (max %d requests) with %d threads...%n", seconds, max, threads);
            Result r = run(port, alice, body, threads, seconds, max);
            long[] lat = r.latenciesNanos;
            Arrays.sort(lat);
            System.out.printf(
                    "tokens=%s threads=%d requests=%d errors=%d seconds=%.1f licenses/s=%.0f p50=%.2f ms p99=%.2f ms"
                            + " max=%.2f ms%n",
                    keycloak ? "keycloak" : "dev-idp",
                    threads,
                    lat.length,
                    r.errors,
                    r.seconds,
                    lat.length / r.seconds,
                    pct(lat, 0.50),
                    pct(lat, 0.99),
                    lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6);
        } finally {
            if (keycloak) {
                Keycloak.shared().stop();
            }
        }
    }

    record Result(long[] latenciesNanos, int errors, double seconds) {}

    /** Closed loop: {@code lanes} requests in flight on one Vert.x client (cheap on CPU, unlike a thread per client). */
    static Result run(int port, String token, String body, int lanes, int seconds, int max) throws Exception {
        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        try {
            io.vertx.core.http.HttpClient client = vertx.createHttpClient(
                    new io.vertx.core.http.HttpClientOptions()
                            .setDefaultHost("127.0.0.1")
                            .setDefaultPort(port)
                            .setKeepAlive(true),
                    new io.vertx.core.http.PoolOptions().setHttp1MaxSize(lanes));
            AtomicInteger budget = new AtomicInteger(max);
            AtomicInteger errors = new AtomicInteger();
            long start = System.nanoTime();
            long deadline = start + Duration.ofSeconds(seconds).toNanos();
            java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(lanes);
            Lane[] all = new Lane[lanes];
            for (int i = 0; i < lanes; i++) {
                all[i] = new Lane(client, token, body, deadline, budget, errors, done);
                all[i].next();
            }
            if (!done.await(seconds + 60L, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("lanes did not finish");
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            long[] lat = Arrays.stream(all)
                    .flatMapToLong(l -> Arrays.stream(l.lat, 0, l.n))
                    .toArray();
            return new Result(lat, errors.get(), elapsed);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    static final class Lane {
        final io.vertx.core.http.HttpClient client;
        final String token;
        final io.vertx.core.buffer.Buffer body;
        final long deadline;
        final AtomicInteger budget;
        final AtomicInteger errors;
        final java.util.concurrent.CountDownLatch done;
        String session;
        long[] lat = new long[1024];
        int n;

        Lane(
                io.vertx.core.http.HttpClient client,
                String token,
                String body,
                long deadline,
                AtomicInteger budget,
                AtomicInteger errors,
                java.util.concurrent.CountDownLatch done) {
            this.client = client;
            this.token = token;
            this.body = io.vertx.core.buffer.Buffer.buffer(body);
            this.deadline = deadline;
            this.budget = budget;
            this.errors = errors;
            this.done = done;
        }

        void next() {
            if (System.nanoTime() >= deadline || budget.getAndDecrement() <= 0) {
                done.countDown();
                return;
            }
            long t0 = System.nanoTime();
            client.request(io.vertx.core.http.HttpMethod.POST, "/v1/license/clearkey")
                    .compose(req -> {
                        req.putHeader("Authorization", "Bearer " + token)
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Riffle-Device-Id", "bench");
                        if (session != null) {
                            req.putHeader("Riffle-Session-Id", session);
                        }
                        return req.send(body).compose(resp -> resp.body().map(b -> resp));
                    })
                    .onComplete(ar -> {
                        long dt = System.nanoTime() - t0;
                        if (ar.succeeded() && ar.result().statusCode() == 200) {
                            String s = ar.result().getHeader("Riffle-Session-Id");
                            session = s != null ? s : session;
                            if (n == lat.length) {
                                lat = Arrays.copyOf(lat, n * 2);
                            }
                            lat[n++] = dt;
                        } else {
                            errors.incrementAndGet();
                        }
                        next();
                    });
        }
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    static void awaitUp(HttpClient http, String managementBase, ManagedProcess server) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IllegalStateException("server died:\n" + server.logTail(30));
            }
            try {
                if (http.send(
                                        HttpRequest.newBuilder(URI.create(managementBase + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not up yet
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("server not up:\n" + server.logTail(30));
    }

    static HttpResponse<String> send(HttpClient http, HttpRequest request) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(request.uri() + " answered " + r.statusCode());
        }
        return r;
    }

    static int intArg(String[] args, String name, int def) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return def;
    }
}
