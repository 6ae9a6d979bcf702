package dev.riffle.e2e.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.agent.AgentConfig;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.QuarkusApp;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole Riffle platform on this machine: drm-license (embedded key store; its built-in dev issuer under
 * {@code /dev-idp} unless a Keycloak is given), tracker-service (swarms in memory, or Redis) and origin-server (ffmpeg from
 * the PATH, keys from that drm-license), each the module's packaged Quarkus app as a child process on a free loopback
 * port, all logs and data under {@link PlatformOptions#workDir()}.
 *
 * <pre>{@code
 * try (Platform p = Platform.start(PlatformOptions.defaults(dir), System.out::println)) {
 *     Path clip = Platform.generateSampleClip(dir.resolve("sample.mp4"), 30);
 *     String title = p.ingest(clip, TitleSpec.open("Sample"), (state, progress) -> {});
 *     URI edge = p.originUrl();                       // catalogue and CDN edge
 *     Supplier<String> viewer = p.subscriberToken(DemoRealm.viewerUser(1));
 * }
 * }</pre>
 *
 * Public API (stable, used by the demo, the ITs, the browser test and the swarm benchmark): {@link #start}, the URL
 * accessors, {@link #operatorToken()}, {@link #subscriberToken(String)}, {@link #viewerUser(int)}, {@link #ingest},
 * {@link #title(String)}, {@link #trackerStats()}, {@link #generateSampleClip}, {@link #close()}.
 */
public final class Platform implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHUNK_BYTES = 8L << 20;

    private final PlatformOptions options;
    private final List<QuarkusApp> apps = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, TokenSource> tokens = new ConcurrentHashMap<>();
    private QuarkusApp license;
    private QuarkusApp tracker;
    private QuarkusApp origin;
    private Replicas replicas;
    private URI issuer;
    private OidcTokens idp;
    private Path realmFile;
    private volatile boolean closed;

    private Platform(PlatformOptions options) {
        this.options = options;
    }

    /**
     * Starts drm-license, then tracker-service and origin-server side by side; blocks until all three answer. On a
     * failure, whatever started is stopped and the exception names the log to read.
     *
     * @param log one line per step ("drm-license up at …"), for the caller to show
     */
    public static Platform start(PlatformOptions options, Consumer<String> log) {
        Platform p = new Platform(options);
        try {
            p.startAll(log);
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> log) {
        Path work = options.workDir();
        try {
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        realmFile = DemoRealm.write(work.resolve("riffle-realm.json"), options.viewerAccounts());
        if (options.copyApps()) {
            for (String m : List.of("drm-license-dev", "tracker-service", "origin-server")) copyApp(m);
            if (options.replicas() > 1) copyApp("drm-license");
        }

        var lic = QuarkusApp.builder("drm-license", jar("drm-license-dev"))
                .workDir(work)
                .log(work.resolve("drm-license.log"))
                .readyTimeout(options.startTimeout())
                .host(options.host())
                .property("riffle.license.public-url", "http://" + options.host() + ":${port}")
                .property(
                        "riffle.license.keys.embedded-dir",
                        work.resolve("license-data").toString())
                .property("riffle.license.dev-idp.realm-file", realmFile.toString());
        if (options.keycloakIssuer().isPresent()) {
            lic.property(
                            "quarkus.oidc.auth-server-url",
                            options.keycloakIssuer().get().toString())
                    .property("riffle.license.dev-idp.enabled", "false")
                    .readyPath("/q/health/ready");
        } else {
            // It trusts its own issuer, found at the address it listens on.
            lic.property("quarkus.oidc.auth-server-url", "http://" + options.host() + ":${port}/dev-idp")
                    .readyPath("/dev-idp/.well-known/openid-configuration");
        }
        license = track(lic.start());
        issuer = options.keycloakIssuer().orElse(URI.create(license.url() + "/dev-idp"));
        log.accept("drm-license    " + license.url() + "  (identity: " + issuer + ")");

        if (options.replicas() > 1) {
            replicas = Replicas.start(options, jar("drm-license"), issuer, this::trackerBuilder, log);
        }
        var trk = trackerBuilder("tracker-service")
                // stats count for titles the account holds license sessions for, asked at this drm-license
                .property("riffle.tracker.stats.license-url", license.url().toString());
        if (options.redis().isPresent()) {
            trk.property("riffle.tracker.store.kind", "redis")
                    .property(
                            "riffle.tracker.store.redis-uri",
                            "redis://" + options.redis().get())
                    // a prefix of its own, so runs never see each other's swarms
                    .property("riffle.tracker.store.key-prefix", "riffle:demo:" + System.nanoTime() + ":");
        } else {
            trk.property("riffle.tracker.store.kind", "memory");
        }
        var org = QuarkusApp.builder("origin-server", jar("origin-server"))
                .host(options.host())
                .workDir(work)
                .log(work.resolve("origin-server.log"))
                .readyTimeout(options.startTimeout())
                .readyPath("/v1/titles")
                .jvmArgs(List.of("-Xmx384m"))
                .property("quarkus.oidc.auth-server-url", issuer.toString())
                .property("riffle.origin.license.url", licenseUrl().toString())
                .property("riffle.origin.data-dir", work.resolve("origin-data").toString())
                .property("riffle.origin.packaging.ladder", options.ladder())
                .property("riffle.origin.packaging.segment-seconds", Integer.toString(options.segmentSeconds()))
                .property("riffle.origin.ffmpeg.preset", options.ffmpegPreset())
                // live ingest on a free port: pushers are given it in the channel's pushUrl
                .property("riffle.origin.live.rtmp-port", "0")
                .property(
                        "riffle.origin.live.key-rotation",
                        options.liveKeyRotation().toMillis() + "ms");
        // The two are independent: start them side by side (each takes seconds on a busy machine).
        var t = replicas != null
                ? CompletableFuture.<QuarkusApp>completedFuture(null)
                : CompletableFuture.supplyAsync(trk::start);
        var o = CompletableFuture.supplyAsync(org::start);
        try {
            QuarkusApp started = t.join();
            tracker = started != null ? track(started) : null;
        } catch (CompletionException e) {
            o.handle((app, x) -> app != null ? track(app) : null).join();
            throw unwrap(e);
        }
        log.accept("tracker-service " + trackerUrl() + "  (swarms: "
                + options.redis().map(r -> "redis " + r).orElse("in memory") + ")");
        try {
            origin = track(o.join());
        } catch (CompletionException e) {
            throw unwrap(e);
        }
        log.accept("origin-server  " + origin.url());
        idp = OidcTokens.forIssuer(issuer);
    }

    /** A tracker's start-up: what every tracker of this platform shares, whatever its store. */
    private QuarkusApp.Builder trackerBuilder(String name) {
        Path work = options.workDir();
        return QuarkusApp.builder(name, jar("tracker-service"))
                .host(options.host())
                .workDir(work)
                .log(work.resolve(name + ".log"))
                .readyTimeout(options.startTimeout())
                .readyPath("/v1/stats")
                .property("quarkus.oidc.auth-server-url", issuer.toString())
                // Every agent of this machine announces from 127.0.0.1: the tracker's cap of 3 peers per /24 in one
                // answer (against one subnet filling a swarm) would hand each agent only three of the others.
                .property("riffle.tracker.matching.max-per-subnet", "1000")
                .properties(options.trackerProperties());
    }

    private Path jar(String module) {
        return options.copyApps()
                ? options.workDir().resolve("apps").resolve(module).resolve("quarkus-run.jar")
                : options.jar(module);
    }

    private void copyApp(String module) {
        Path from = options.jar(module).getParent();
        Path to = options.workDir().resolve("apps").resolve(module);
        if (!Files.isRegularFile(from.resolve("quarkus-run.jar"))) return; // QuarkusApp names the missing jar
        try (var files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " (is it being rebuilt?)", e);
        }
    }

    private synchronized QuarkusApp track(QuarkusApp app) {
        apps.add(app);
        return app;
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : e;
    }

    public PlatformOptions options() {
        return options;
    }

    public Path workDir() {
        return options.workDir();
    }

    /** The realm file the dev issuer serves (import it into a Keycloak used with {@code --keycloak}). */
    public Path realmFile() {
        return realmFile;
    }

    /** Catalogue, operator API and CDN edge. */
    public URI originUrl() {
        return origin.url();
    }

    /**
     * Content keys and licenses: the licence replicas' nginx when replicated, else the one drm-license (also the dev
     * issuer under {@code /dev-idp} unless Keycloak is used).
     */
    public URI licenseUrl() {
        return replicas != null ? replicas.licenseUrl() : license.url();
    }

    /** Announce, signalling, stats ({@code /v1/stats}), ops dashboard ({@code /ops/index.html}). */
    public URI trackerUrl() {
        return replicas != null ? replicas.trackerUrl() : tracker.url();
    }

    /** The licence and tracker replicas and their nginx, when {@link PlatformOptions#replicas()} is above 1. */
    public java.util.Optional<Replicas> replicas() {
        return java.util.Optional.ofNullable(replicas);
    }

    /** The OIDC issuer every service trusts. */
    public URI issuer() {
        return issuer;
    }

    /** The three services, for their pids and logs. */
    public List<QuarkusApp> services() {
        return List.copyOf(apps);
    }

    /** Subscriber account of viewer {@code number} (1-based): {@code viewer-01}, …; premium, FR. */
    public static String viewerUser(int number) {
        return DemoRealm.viewerUser(number);
    }

    /** A fresh access token of the operator {@code olivia}. */
    public String operatorToken() {
        return tokenSource("olivia").get();
    }

    /**
     * Access tokens of subscriber {@code username} (password {@code <username>-pass}, as every user of the realm),
     * refreshed before they expire: hand the supplier to an agent.
     */
    public Supplier<String> subscriberToken(String username) {
        return tokenSource(username);
    }

    /**
     * Configuration of an agent named {@code name} against this platform, signed in as subscriber {@code viewer}
     * (1-based), caching up to 200 MB under {@code cacheDir}, uploading without a cap.
     */
    public AgentConfig agentConfig(String name, Path cacheDir, int viewer) {
        return AgentConfig.of(
                name, originUrl(), licenseUrl(), cacheDir, 200_000_000, 0, subscriberToken(viewerUser(viewer)));
    }

    private TokenSource tokenSource(String username) {
        return tokens.computeIfAbsent(
                username, u -> new TokenSource(idp, "riffle-agent", u, DemoRealm.password(u), InstantSource.system()));
    }

    /** A clip from ffmpeg's lavfi generators (testsrc + sine); see {@link Ffmpeg#generateSampleClip}. */
    public static Path generateSampleClip(Path out, int seconds) {
        return Ffmpeg.generateSampleClip(out, seconds);
    }

    /**
     * Publishes {@code source} as the operator: create the title, upload the file in 8 MiB chunks, poll the ingest job
     * until it succeeds. Returns the title id; throws {@link IngestFailedException} with the job's reason if it fails.
     */
    public String ingest(Path source, TitleSpec spec, IngestProgress progress) {
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        ObjectNode body = JSON.createObjectNode()
                .put("name", spec.name())
                .put("requiredPlan", spec.requiredPlan())
                .put("sourceBytes", size);
        spec.territories().forEach(body.putArray("territories")::add);
        JsonNode created = send(
                "create title",
                HttpRequest.newBuilder(origin.url().resolve("/v1/titles"))
                        .header("Authorization", "Bearer " + operatorToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                201);
        String titleId = created.path("title").path("id").asText();
        String jobId = created.path("jobId").asText();
        spec.subtitles()
                .forEach((lang, vtt) -> send(
                        "subtitles " + lang,
                        HttpRequest.newBuilder(origin.url().resolve("/v1/titles/" + titleId + "/subtitles/" + lang))
                                .header("Authorization", "Bearer " + operatorToken())
                                .header("Content-Type", "text/vtt")
                                .PUT(HttpRequest.BodyPublishers.ofString(vtt)),
                        200));
        URI upload = origin.url().resolve(created.path("uploadUrl").asText());

        progress.update("uploading", 0);
        try (InputStream in = Files.newInputStream(source)) {
            long offset = 0;
            while (offset < size) {
                byte[] chunk = in.readNBytes((int) Math.min(CHUNK_BYTES, size - offset));
                if (chunk.length == 0) throw new IllegalStateException(source + " shrank during the upload");
                send(
                        "upload",
                        HttpRequest.newBuilder(upload)
                                .header("Authorization", "Bearer " + operatorToken())
                                .header("Content-Type", "application/offset+octet-stream")
                                .header("Upload-Offset", Long.toString(offset))
                                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk)),
                        200);
                offset += chunk.length;
                progress.update("uploading", offset / (double) size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }

        long deadline = System.nanoTime() + options.ingestTimeout().toNanos();
        while (true) {
            JsonNode job = send(
                    "ingest job",
                    HttpRequest.newBuilder(origin.url().resolve("/v1/jobs/" + jobId))
                            .header("Authorization", "Bearer " + operatorToken())
                            .GET(),
                    200);
            String state = job.path("state").asText();
            progress.update(state, job.path("progress").asDouble());
            if (state.equals("succeeded")) break;
            if (state.equals("failed")) {
                throw new IngestFailedException("ingest of " + source.getFileName() + " failed: "
                        + job.path("failure").asText("?"));
            }
            if (System.nanoTime() > deadline) {
                throw new IngestFailedException("ingest not done after "
                        + options.ingestTimeout().toSeconds() + " s (state " + state + "); see " + origin.log());
            }
            sleep(250);
        }
        String status = title(titleId).path("status").asText();
        if (!status.equals("published")) {
            throw new IngestFailedException("title " + titleId + " is " + status + " after its ingest succeeded");
        }
        return titleId;
    }

    /** {@code GET /v1/titles/{id}} as the operator: status, durationSeconds, renditions, links. */
    public JsonNode title(String titleId) {
        return send(
                "title",
                HttpRequest.newBuilder(origin.url().resolve("/v1/titles/" + titleId))
                        .header("Authorization", "Bearer " + operatorToken())
                        .GET(),
                200);
    }

    /**
     * Creates a live channel ({@code POST /v1/live} as the operator) open to every plan; answers its id, pushUrl
     * (with the stream key) and state.
     */
    public JsonNode createLiveChannel(String name) {
        ObjectNode body = JSON.createObjectNode().put("name", name).put("requiredPlan", "basic");
        return send(
                "create live channel",
                HttpRequest.newBuilder(origin.url().resolve("/v1/live"))
                        .header("Authorization", "Bearer " + operatorToken())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
                201);
    }

    /** {@code GET /v1/live/{id}} as the operator: state, segmentsPublished, lastEvent. */
    public JsonNode liveChannel(String channelId) {
        return send(
                "live channel",
                HttpRequest.newBuilder(origin.url().resolve("/v1/live/" + channelId))
                        .header("Authorization", "Bearer " + operatorToken())
                        .GET(),
                200);
    }

    /** The tracker's {@code GET /v1/stats}: totals (bytes, offloadRatio, stalls, startups), titles, ISPs, regions. */
    public JsonNode trackerStats() {
        return send(
                "tracker stats",
                HttpRequest.newBuilder(trackerUrl().resolve("/v1/stats")).GET(),
                200);
    }

    /** An ingest that the origin refused or that failed. */
    public static final class IngestFailedException extends RuntimeException {
        public IngestFailedException(String message) {
            super(message);
        }
    }

    private JsonNode send(String what, HttpRequest.Builder request, int expected) {
        HttpRequest r = request.timeout(Duration.ofSeconds(60)).build();
        try {
            HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != expected) {
                throw new IllegalStateException(what + ": " + r.method() + " "
                        + r.uri().getPath() + " answered " + res.statusCode() + " " + abbreviate(res.body()));
            }
            return res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": " + r.method() + " " + r.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops every service this platform started (origin, tracker, license; SIGTERM then SIGKILL). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        List<QuarkusApp> reversed = new ArrayList<>(apps);
        java.util.Collections.reverse(reversed);
        if (replicas != null) {
            // the origin first (it asks the licence front), then the replicas, the identity last
            QuarkusApp first = reversed.remove(0);
            first.stop(Duration.ofSeconds(10));
            replicas.close();
        }
        for (QuarkusApp app : reversed) {
            try {
                app.stop(Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                // keep stopping the others
            }
        }
    }
}
