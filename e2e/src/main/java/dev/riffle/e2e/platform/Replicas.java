package dev.riffle.e2e.platform;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RoundRobinNginx;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Replicas of drm-license and tracker-service as a Kubernetes Deployment runs them: N processes of each on one Redis
 * (swarms, signalling, stream sessions) and one PostgreSQL (content keys, policies), each pair behind a round-robin
 * nginx ({@link RoundRobinNginx}) that clients and the origin use instead of any one replica. Started by
 * {@link Platform} when {@link PlatformOptions#replicas()} is above 1; the identity stays with the platform's own
 * drm-license (its dev issuer), as Keycloak would.
 */
public final class Replicas implements AutoCloseable {
    private final List<QuarkusApp> licenses = new ArrayList<>();
    private final List<QuarkusApp> trackers = new ArrayList<>();
    private RoundRobinNginx licenseFront;
    private RoundRobinNginx trackerFront;
    private String schema;
    private final String run = Long.toString(System.nanoTime(), 36);

    private Replicas() {}

    /**
     * Starts nginx in front of {@code n} licence ports, the licence replicas (PostgreSQL schema {@code schema} migrated by
     * the first), then nginx and the tracker replicas. {@code tracker} builds a tracker's start-up for a name and log;
     * the caller adds what is common to every tracker (issuer, matching), this class the Redis store and the licence
     * front.
     */
    static Replicas start(
            PlatformOptions options,
            Path licenseJar,
            URI issuer,
            Function<String, QuarkusApp.Builder> tracker,
            java.util.function.Consumer<String> log) {
        Replicas r = new Replicas();
        try {
            r.startLicenses(options, licenseJar, issuer, log);
            r.startTrackers(options, tracker, log);
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private void startLicenses(
            PlatformOptions options, Path licenseJar, URI issuer, java.util.function.Consumer<String> log) {
        int n = options.replicas();
        Path work = options.workDir();
        String redis = redisUri(options);
        String jdbc = options.postgres().orElseThrow(() -> new IllegalArgumentException("replicas need postgres"));
        schema = "riffle_license_" + run;
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);

        List<Integer> licensePorts = ports(n);
        licenseFront = RoundRobinNginx.start("license", licensePorts, work.resolve("nginx-license"));
        log.accept("license front  " + licenseFront.url() + " -> " + licensePorts);
        for (int i = 0; i < n; i++) {
            String name = "drm-license-" + (i + 1);
            var b = QuarkusApp.builder(name, licenseJar)
                    .workDir(work)
                    .port(licensePorts.get(i))
                    .log(work.resolve(name + ".log"))
                    .readyTimeout(options.startTimeout())
                    .readyPath("/q/health/ready")
                    .property("quarkus.oidc.auth-server-url", issuer.toString())
                    .property("riffle.license.public-url", licenseFront.url().toString())
                    .property("riffle.license.keys.store", "postgres")
                    .property("riffle.license.keys.kek", Base64.getEncoder().encodeToString(kek))
                    .property("riffle.license.keys.allow-generated-kek", "false")
                    .property("riffle.license.sessions.store", "redis")
                    .property("riffle.license.sessions.redis-uri", redis)
                    .property("riffle.license.sessions.redis-prefix", "riffle:license:" + run + ":")
                    // heartbeats every few seconds, so a failover within a short title is crossed by several
                    .property("riffle.license.sessions.heartbeat-interval", "PT4S")
                    .property("riffle.license.sessions.ttl", "PT20S")
                    .property("quarkus.datasource.active", "true")
                    .property(
                            "quarkus.datasource.jdbc.url",
                            jdbc + (jdbc.contains("?") ? "&" : "?") + "currentSchema=" + schema)
                    .property("quarkus.flyway.schemas", schema);
            licenses.add(b.start()); // one by one: the first migrates the schema
            log.accept(name + "   " + licenses.get(i).url());
        }
    }

    private void startTrackers(
            PlatformOptions options,
            Function<String, QuarkusApp.Builder> tracker,
            java.util.function.Consumer<String> log) {
        int n = options.replicas();
        Path work = options.workDir();
        List<Integer> trackerPorts = ports(n);
        trackerFront = RoundRobinNginx.start("tracker", trackerPorts, work.resolve("nginx-tracker"));
        log.accept("tracker front  " + trackerFront.url() + " -> " + trackerPorts);
        List<CompletableFuture<QuarkusApp>> starting = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "tracker-service-" + (i + 1);
            var b = tracker.apply(name)
                    .port(trackerPorts.get(i))
                    .property(
                            "riffle.tracker.stats.license-url",
                            licenseFront.url().toString())
                    .property("riffle.tracker.store.kind", "redis")
                    .property("riffle.tracker.store.redis-uri", redisUri(options))
                    .property("riffle.tracker.store.key-prefix", "riffle:tracker:" + run + ":");
            starting.add(CompletableFuture.supplyAsync(b::start));
        }
        RuntimeException failed = null;
        for (var f : starting) {
            try {
                trackers.add(f.join());
            } catch (RuntimeException e) {
                failed = failed == null ? e : failed;
            }
        }
        if (failed != null) throw failed;
        trackers.forEach(t -> log.accept(t.name() + " " + t.url()));
    }

    private static String redisUri(PlatformOptions options) {
        return "redis://" + options.redis().orElseThrow(() -> new IllegalArgumentException("replicas need redis"));
    }

    /** {@code n} distinct free ports. */
    private static List<Integer> ports(int n) {
        List<Integer> ports = new ArrayList<>();
        while (ports.size() < n) {
            int p = FreePorts.pick();
            if (!ports.contains(p)) ports.add(p);
        }
        return ports;
    }

    /** The PostgreSQL schema of this run's licence replicas (left for the caller to drop). */
    public String schema() {
        return schema;
    }

    public List<QuarkusApp> licenses() {
        return List.copyOf(licenses);
    }

    public List<QuarkusApp> trackers() {
        return List.copyOf(trackers);
    }

    /** The licence pair's nginx: what agents, trackers and the origin use. */
    public URI licenseUrl() {
        return licenseFront.url();
    }

    /** The tracker pair's nginx. */
    public URI trackerUrl() {
        return trackerFront.url();
    }

    @Override
    public void close() {
        for (AutoCloseable c :
                List.<AutoCloseable>of(() -> stopAll(trackers), this::closeFronts, () -> stopAll(licenses))) {
            try {
                c.close();
            } catch (Exception e) {
                // keep stopping the others
            }
        }
    }

    private void closeFronts() {
        if (trackerFront != null) trackerFront.close();
        if (licenseFront != null) licenseFront.close();
    }

    private static void stopAll(List<QuarkusApp> apps) {
        for (QuarkusApp a : apps) {
            try {
                a.stop(java.time.Duration.ofSeconds(10));
            } catch (RuntimeException e) {
                // next
            }
        }
    }
}
