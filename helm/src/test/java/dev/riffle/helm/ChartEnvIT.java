package dev.riffle.helm;

import static dev.riffle.helm.Rendered.containers;
import static dev.riffle.helm.Rendered.elements;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.ManagedProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The environment the chart renders, given to the real packaged services: proves the variable names reach the
 * settings they are meant for (a misspelt one is silently ignored by Quarkus). Secrets and in-cluster host names are
 * replaced by the local servers (PostgreSQL and Redis on 127.0.0.1); Keycloak is not needed for readiness (OIDC
 * connects on first use), so the issuer points at a closed port.
 */
class ChartEnvIT {
    private static final Rendered PRODUCTION = Charts.render(Charts.PRODUCTION_VALUES, Map.of());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path temp;

    @Test
    void drmLicenseComesUpReadyOnPostgresAndRedisFromTheChartEnvironment() throws Exception {
        String schema = "riffle_helm_it_" + Long.toHexString(System.nanoTime());
        Map<String, String> env = environment("drm-license");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema);
        env.put("QUARKUS_FLYWAY_SCHEMAS", schema);
        try {
            String ready = startAndAwaitReady("drm-license", env);
            // Only the production profile activates the datasource, and it only starts with a configured KEK.
            assertThat(ready).contains("Database connections health check").contains("license-stores");
            try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    var tables = connection.getMetaData().getTables(null, schema, "content_key", null)) {
                assertThat(tables.next())
                        .as("Flyway migrated schema %s", schema)
                        .isTrue();
            }
        } finally {
            try (var connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
                    var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    @Test
    void trackerComesUpReadyWithItsSwarmsInRedis() throws Exception {
        Map<String, String> env = environment("tracker-service");
        env.put("RIFFLE_TRACKER_STORE_KEY_PREFIX", "riffle:helm-it:");
        Path log = temp.resolve("tracker-service.log");

        startAndAwaitReady("tracker-service", env);

        // The tracker says which store it built (TrackerBeans); with an ignored RIFFLE_TRACKER_STORE_KIND it is memory.
        assertThat(Files.readString(log)).contains("swarm store: Redis at redis://127.0.0.1:6379");
        // the production example turns coturn on: the tracker reads its URLs (a misspelt variable would leave 0)
        assertThat(Files.readString(log))
                .contains("ICE servers for agents: 1 STUN, 2 TURN URL(s), TURN credentials valid PT1H")
                .doesNotContain("a-turn-secret-of-the-chart-env-test");
    }

    @Test
    void originComesUpReadyWithItsContentStoreOnTheMountedPath() throws Exception {
        Map<String, String> env = environment("origin-server");
        Path data = temp.resolve("data");
        env.put("RIFFLE_ORIGIN_DATA_DIR", data.toString());

        startAndAwaitReady("origin-server", env, () -> {
            // The public catalogue reads the store on the configured path (created on first use).
            HttpResponse<String> titles = HTTP.send(
                    HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + env.get("QUARKUS_HTTP_PORT") + "/v1/titles"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(titles.statusCode()).isEqualTo(200);
            assertThat(data.resolve("catalog")).isDirectory();
        });
    }

    /** The container's environment as Kubernetes would build it: envFrom ConfigMaps first, then env entries. */
    private Map<String, String> environment(String service) {
        JsonNode container =
                containers(PRODUCTION.get("Deployment", "riffle-" + service)).get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode source : elements(container.path("envFrom"))) {
            JsonNode data = PRODUCTION
                    .get("ConfigMap", source.at("/configMapRef/name").asText())
                    .path("data");
            data.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        }
        for (JsonNode variable : elements(container.path("env"))) {
            String name = variable.path("name").asText();
            if (variable.has("value")) {
                env.put(name, variable.path("value").asText());
            } else if (variable.at("/valueFrom/configMapKeyRef").isObject()) {
                JsonNode ref = variable.at("/valueFrom/configMapKeyRef");
                env.put(
                        name,
                        PRODUCTION
                                .get("ConfigMap", ref.path("name").asText())
                                .path("data")
                                .path(ref.path("key").asText())
                                .asText());
            } else {
                JsonNode ref = variable.at("/valueFrom/secretKeyRef");
                env.put(
                        name,
                        localSecret(ref.path("name").asText(), ref.path("key").asText()));
            }
        }
        // Local stand-ins for the cluster: loopback only, a free port, an issuer nobody answers on.
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(FreePorts.pick()));
        env.replace("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.replace("QUARKUS_MANAGEMENT_PORT", Integer.toString(FreePorts.pick()));
        env.replace("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:9/realms/riffle");
        env.replace("RIFFLE_OIDC_ISSUER", "http://127.0.0.1:9/realms/riffle");
        env.replace("QUARKUS_OIDC_CLIENT_AUTH_SERVER_URL", "http://127.0.0.1:9/realms/riffle");
        env.replace("RIFFLE_ORIGIN_LICENSE_URL", "http://127.0.0.1:9");
        env.replace("RIFFLE_TRACKER_STATS_LICENSE_URL", "http://127.0.0.1:9");
        env.replace(
                "RIFFLE_LICENSE_KEYS_EMBEDDED_DIR", temp.resolve("drm-license").toString());
        return env;
    }

    /** The Secrets helm/README.md tells the operator to create, with local values. */
    private static String localSecret(String name, String key) {
        return switch (name + "/" + key) {
            case "riffle-postgresql/username" -> "postgres";
            case "riffle-postgresql/password" -> "";
            case "riffle-redis/redis-url" -> "redis://127.0.0.1:6379";
            case "riffle-origin-client/client-secret" -> "not-used-before-the-first-ingest";
            case "riffle-turn-secret/secret" -> "a-turn-secret-of-the-chart-env-test";
            case "riffle-license-kek/kek", "riffle-origin-signing-kek/kek" -> {
                byte[] kek = new byte[32];
                new SecureRandom().nextBytes(kek);
                yield Base64.getEncoder().encodeToString(kek);
            }
            default -> throw new AssertionError("the chart references an undocumented Secret " + name + "/" + key);
        };
    }

    /** Starts the packaged service, waits for {@code /q/health/ready} to answer 200, returns its body. */
    private String startAndAwaitReady(String service, Map<String, String> env) throws Exception {
        return startAndAwaitReady(service, env, () -> {});
    }

    /** A check run while the service is still up. */
    interface WhileRunning {
        void run() throws Exception;
    }

    private String startAndAwaitReady(String service, Map<String, String> env, WhileRunning check) throws Exception {
        Path jar = Charts.REPOSITORY.resolve(service + "/target/quarkus-app/quarkus-run.jar");
        assertThat(jar)
                .as("package it first: ./mvnw -pl %s package -DskipTests", service)
                .exists();
        // The probes' endpoint, on the management port the chart sets.
        URI ready = URI.create("http://127.0.0.1:" + env.get("QUARKUS_MANAGEMENT_PORT") + "/q/health/ready");
        try (ManagedProcess process = ManagedProcess.start(
                java.util.List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        jar.toString()),
                temp,
                temp.resolve(service + ".log"),
                env)) {
            Instant deadline = Instant.now().plus(READY_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                assertThat(process.isAlive())
                        .as("%s exited:\n%s", service, process.logTail(40))
                        .isTrue();
                try {
                    HttpResponse<String> response = HTTP.send(
                            HttpRequest.newBuilder(ready)
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        assertThat(process.logTail(200)).contains("Profile production activated");
                        check.run();
                        return response.body();
                    }
                } catch (java.io.IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            throw new AssertionError(service + " not ready within " + READY_TIMEOUT + ":\n" + process.logTail(40));
        }
    }
}
