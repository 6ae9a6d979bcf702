package dev.riffle.license.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.servicekit.seal.KeyEncryptionKeys;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RiffleRealm;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Online KEK rotation with two replicas of the packaged drm-license on one PostgreSQL schema and one Redis, tokens
 * from the real Keycloak: replica A seals under the old KEK and already opens the new one (additional); replica B seals
 * under the new KEK, opens the old one (retired) and re-seals every key in the background. License requests go to both, alternately, the
 * whole time: not one fails. Then a replica holding only the new KEK serves every key.
 */
class KekRotationIT {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA =
            "riffle_license_rot_" + UUID.randomUUID().toString().substring(0, 8);
    static final String PREFIX = "riffle-rot-it:" + UUID.randomUUID() + ":";
    static final int KEYS = 40;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    static byte[] kek() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    static QuarkusApp replica(String name, byte[] active, List<byte[]> additional, List<byte[]> retired) {
        Path dir = Path.of("target", "it-rotation-" + name + "-" + System.nanoTime())
                .toAbsolutePath();
        QuarkusApp.Builder b = QuarkusApp.builder("drm-license-" + name, JAR)
                .workDir(dir)
                .property(
                        "quarkus.oidc.auth-server-url",
                        Keycloak.shared().issuer().toString())
                .property("riffle.license.keys.store", "postgres")
                .property("riffle.license.sessions.store", "redis")
                .property("riffle.license.sessions.redis-prefix", PREFIX)
                .property("riffle.license.limits.concurrent-streams", "100000")
                .property("quarkus.datasource.active", "true")
                .property("quarkus.datasource.jdbc.url", JDBC + "?currentSchema=" + SCHEMA)
                .property("quarkus.flyway.schemas", SCHEMA)
                .property("riffle.license.keys.allow-generated-kek", "false")
                .property("riffle.license.keys.kek", b64(active))
                .property("riffle.license.keys.reseal-every", "200ms")
                .readyTimeout(Duration.ofSeconds(120));
        if (!additional.isEmpty()) {
            b.property(
                    "riffle.license.keys.additional-keks",
                    String.join(",", additional.stream().map(KekRotationIT::b64).toList()));
        }
        if (!retired.isEmpty()) {
            b.property(
                    "riffle.license.keys.retired-keks",
                    String.join(",", retired.stream().map(KekRotationIT::b64).toList()));
        }
        return b.start();
    }

    static Map<String, Integer> keysPerKek() throws Exception {
        Map<String, Integer> m = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("select kek_id, count(*) from " + SCHEMA + ".content_key group by kek_id")) {
            while (rs.next()) m.put(rs.getString(1), rs.getInt(2));
        }
        return m;
    }

    static HttpResponse<byte[]> key(QuarkusApp app, String token, String kid) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(app.url() + "/v1/keys/" + kid))
                        .header("Authorization", "Bearer " + token)
                        .header("Riffle-Device-Id", "rotation-test")
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void everyKeyIsResealedUnderTheNewKekWhileLicenseRequestsKeepSucceeding() throws Exception {
        byte[] oldKek = kek();
        byte[] newKek = kek();
        String oldId = KeyEncryptionKeys.fingerprint(oldKek);
        String newId = KeyEncryptionKeys.fingerprint(newKek);
        String origin = Keycloak.shared().originToken();
        String alice = Keycloak.shared().userToken(RiffleRealm.ALICE);
        List<String> kids = new ArrayList<>();
        List<byte[]> clear = new ArrayList<>();

        // Step 1 of the procedure: every replica holds the new KEK as an additional one, still sealing under the old.
        try (QuarkusApp a = replica("a", oldKek, List.of(newKek), List.of())) {
            for (int i = 0; i < KEYS; i++) {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create(a.url() + "/v1/packager/titles/rot-" + i + "/key"))
                                .header("Authorization", "Bearer " + origin)
                                .PUT(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                var body = JSON.readTree(r.body());
                kids.add(body.path("kid").asText());
                clear.add(Base64.getUrlDecoder().decode(body.path("key").asText()));
            }
            assertThat(keysPerKek()).containsExactly(Map.entry(oldId, KEYS));

            // Step 2: replicas switch to sealing under the new KEK, the old one retired; they re-seal in the
            // background. Replica A (not switched yet) and B serve requests side by side the whole time.
            AtomicInteger requests = new AtomicInteger();
            List<String> failures = new ArrayList<>();
            try (QuarkusApp b = replica("b", newKek, List.of(), List.of(oldKek))) {
                await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).until(() -> {
                    for (int i = 0; i < kids.size(); i++) {
                        QuarkusApp target = (requests.get() % 2 == 0) ? a : b;
                        HttpResponse<byte[]> r = key(target, alice, kids.get(i));
                        requests.incrementAndGet();
                        if (r.statusCode() != 200 || !java.util.Arrays.equals(r.body(), clear.get(i))) {
                            failures.add(target.name() + " " + kids.get(i) + " -> " + r.statusCode());
                        }
                    }
                    return keysPerKek().equals(Map.of(newId, KEYS));
                });
                assertThat(failures)
                        .as("license requests that failed during the rotation")
                        .isEmpty();
                assertThat(requests.get()).isGreaterThanOrEqualTo(KEYS);
                HttpResponse<String> ready = HTTP.send(
                        HttpRequest.newBuilder(URI.create(b.managementUrl() + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).isEqualTo(200);
                assertThat(ready.body()).containsPattern("\"keys-under-kek-" + newId + "\":\\s*" + KEYS + "\\b");
                HttpResponse<String> metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(b.managementUrl() + "/q/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).containsPattern("riffle_license_keys_resealed_total [1-9]");
            }
        }

        // Step 3: the old KEK is gone from the configuration; every key still opens.
        try (QuarkusApp c = replica("c", newKek, List.of(), List.of())) {
            for (int i = 0; i < kids.size(); i++) {
                HttpResponse<byte[]> r = key(c, alice, kids.get(i));
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(clear.get(i));
            }
        }
    }
}
