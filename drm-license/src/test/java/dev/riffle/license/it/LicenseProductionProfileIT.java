package dev.riffle.license.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.QuarkusApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged drm-license in the {@code production} profile refuses to start with development settings, naming each
 * of them, against the real PostgreSQL, Redis and Keycloak; and comes up ready when configured properly.
 */
class LicenseProductionProfileIT {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String SCHEMA =
            "riffle_license_prod_" + UUID.randomUUID().toString().substring(0, 8);
    static final Duration REFUSAL = Duration.ofSeconds(90);

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    static String kek() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    /** The production profile with real stores (own schema and Redis prefix) and an issuer nobody answers on. */
    static QuarkusApp.Builder production(String name) {
        Path dir = Path.of("target", "it-production-" + name + "-" + System.nanoTime())
                .toAbsolutePath();
        return QuarkusApp.builder("drm-license", JAR)
                .workDir(dir)
                .property("quarkus.profile", "production")
                .property("quarkus.datasource.jdbc.url", JDBC + "?currentSchema=" + SCHEMA)
                .property("quarkus.flyway.schemas", SCHEMA)
                .property("riffle.license.sessions.redis-prefix", "riffle-prod-it:" + UUID.randomUUID() + ":")
                .property(
                        "riffle.license.keys.embedded-dir", dir.resolve("data").toString())
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + FreePorts.pick() + "/realms/riffle");
    }

    @Test
    void everyDevelopmentDefaultIsNamedInOneRefusal() {
        QuarkusApp.Builder.Refusal r = production("defaults")
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:8082/dev-idp")
                .property("riffle.license.keys.store", "embedded")
                .property("riffle.license.sessions.store", "memory")
                .property("riffle.license.keys.allow-generated-kek", "true")
                .startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log())
                .contains("drm-license refuses to start in the production profile")
                .contains("quarkus.oidc.auth-server-url=http://127.0.0.1:8082/dev-idp is the development issuer")
                .contains("riffle.license.keys.store=embedded")
                .contains("riffle.license.sessions.store=memory")
                .contains("riffle.license.keys.kek is not set")
                .contains("riffle.license.keys.allow-generated-kek=true");
    }

    /** Before, such a start succeeded and the first key request answered 500; now the start itself fails. */
    @Test
    void aStartWithoutAKeyEncryptionKeyFailsAtStartNamingIt() {
        QuarkusApp.Builder.Refusal r = production("no-kek").startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("riffle.license.keys.kek is not set");
    }

    @Test
    void aRealmThatStillHasItsTestUsersIsRefused() {
        QuarkusApp.Builder.Refusal r = production("test-users")
                .property("riffle.license.keys.kek", kek())
                .property(
                        "quarkus.oidc.auth-server-url",
                        Keycloak.shared().issuer().toString())
                .startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log())
                .contains("still accepts the credentials published in riffle-realm.json")
                .contains("test user alice")
                .contains("client riffle-origin with its published secret")
                .doesNotContain("alice-pass");
    }

    @Test
    void aProperProductionStartIsReadyAndItsReadinessCoversTheCipher() throws Exception {
        try (QuarkusApp app =
                production("proper").property("riffle.license.keys.kek", kek()).start()) {
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(app.managementUrl() + "/q/health/ready"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(ready.body()).contains("license-stores").contains("active-kek");
            assertThat(app.logTail(200)).contains("Profile production activated");
        }
    }
}
