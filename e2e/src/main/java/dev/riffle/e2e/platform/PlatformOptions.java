package dev.riffle.e2e.platform;

import io.soabase.recordbuilder.core.RecordBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Platform} starts the three services.
 *
 * @param workDir logs, realm file, key store, origin data: everything the run writes
 * @param home the source tree root, where {@code <module>/target/quarkus-app/quarkus-run.jar} are found
 * @param keycloakIssuer a Keycloak realm URL ({@code http://127.0.0.1:8180/realms/riffle}) used as identity by every
 *     service instead of drm-license's dev issuer; its realm must contain the viewer accounts ({@link DemoRealm})
 * @param redis {@code host:port} of a Redis for the tracker's swarm store; empty = in memory
 * @param viewerAccounts subscribers {@code viewer-01…} written into the dev issuer's realm
 * @param ladder origin rendition ladder ({@code name:height:kbps,…}); small by default so ingest is quick
 * @param segmentSeconds origin segment duration
 * @param ffmpegPreset x264 preset of the origin
 * @param startTimeout per service
 * @param ingestTimeout upload plus packaging
 * @param copyApps run copies of the packaged apps under {@code <workDir>/apps} (so a rebuild of a module in the same
 *     checkout cannot pull files from under a running service; the ITs do this); default from system property
 *     {@code riffle.copy-apps}
 * @param liveKeyRotation how often a live channel's content key changes at the origin
 * @param host the address every service listens on and is reached at (127.0.0.1; a test network's public address
 *     when agents run in other network namespaces)
 * @param trackerProperties extra configuration of tracker-service (ICE servers, locality overrides, …)
 * @param replicas processes of drm-license and of tracker-service; above 1 they run as {@link Replicas} behind nginx,
 *     on {@code redis} and {@code postgres} (both required then)
 * @param postgres JDBC URL of a PostgreSQL for the licence replicas' keys ({@code jdbc:postgresql://127.0.0.1:5432/test});
 *     each run migrates a schema of its own
 */
@RecordBuilder
public record PlatformOptions(
        Path workDir,
        Path home,
        Optional<URI> keycloakIssuer,
        Optional<String> redis,
        int viewerAccounts,
        String ladder,
        int segmentSeconds,
        String ffmpegPreset,
        Duration startTimeout,
        Duration ingestTimeout,
        boolean copyApps,
        Duration liveKeyRotation,
        String host,
        Map<String, String> trackerProperties,
        int replicas,
        Optional<String> postgres)
        implements PlatformOptionsBuilder.With {
    public PlatformOptions {
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(keycloakIssuer, "keycloakIssuer");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(host, "host");
        trackerProperties = Map.copyOf(trackerProperties);
        if (viewerAccounts < 1 || viewerAccounts > 999) throw new IllegalArgumentException("viewerAccounts 1..999");
        if (segmentSeconds < 1 || segmentSeconds > 30) throw new IllegalArgumentException("segmentSeconds 1..30");
        Objects.requireNonNull(postgres, "postgres");
        if (replicas < 1 || replicas > 8) throw new IllegalArgumentException("replicas 1..8");
        if (replicas > 1 && (redis.isEmpty() || postgres.isEmpty())) {
            throw new IllegalArgumentException("replicas share Redis and PostgreSQL: give both");
        }
        if (redis.isPresent() && !redis.get().matches("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}")) {
            throw new IllegalArgumentException("redis must be host:port, got " + redis.get());
        }
    }

    /**
     * Defaults: dev issuer, in-memory tracker, 100 viewer accounts, ladder {@code 360p:360:800,240p:240:400}, 2 s
     * segments, x264 {@code ultrafast}, 120 s per service start, 10 min ingest; {@code home} found by walking up from
     * the working directory to the folder holding {@code riffle} and {@code origin-server/}.
     */
    public static PlatformOptions defaults(Path workDir) {
        return new PlatformOptions(
                workDir.toAbsolutePath(),
                findHome(),
                Optional.empty(),
                Optional.empty(),
                100,
                "360p:360:800,240p:240:400",
                2,
                "ultrafast",
                Duration.ofSeconds(120),
                Duration.ofMinutes(10),
                Boolean.getBoolean("riffle.copy-apps"),
                Duration.ofMinutes(2),
                "127.0.0.1",
                Map.of(),
                1,
                Optional.empty());
    }

    /** {@code n} licence and tracker replicas behind nginx, on {@code redisHostPort} and the PostgreSQL at {@code jdbc}. */
    public PlatformOptions withReplicas(int n, String redisHostPort, String jdbc) {
        return withRedis(Optional.of(redisHostPort))
                .withPostgres(Optional.of(jdbc))
                .withReplicas(n);
    }

    public PlatformOptions withKeycloak(URI issuer) {
        return withKeycloakIssuer(Optional.of(issuer));
    }

    public PlatformOptions withRedis(String hostPort) {
        return withRedis(Optional.of(hostPort));
    }

    public PlatformOptions withPackaging(String ladder, int segmentSeconds) {
        return withLadder(ladder).withSegmentSeconds(segmentSeconds);
    }

    public PlatformOptions withAppsCopied() {
        return withCopyApps(true);
    }

    /** The folder holding {@code origin-server/pom.xml}: system property {@code riffle.home}, else found upwards. */
    public static Path findHome() {
        String configured = System.getProperty("riffle.home");
        if (configured != null) return Path.of(configured).toAbsolutePath();
        return DemoRealm.findUp(Path.of("origin-server", "pom.xml"))
                .map(p -> p.getParent().getParent())
                .orElse(Path.of("").toAbsolutePath());
    }

    /** {@code <home>/<module>/target/quarkus-app/quarkus-run.jar}. */
    public Path jar(String module) {
        return home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
