package dev.riffle.license.it;

import static dev.riffle.license.it.Tokens.as;
import static dev.riffle.license.it.Tokens.asOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Production wiring end to end: keys and policies in PostgreSQL (Flyway), sessions in Redis, tokens from Keycloak. */
@QuarkusTest
@TestProfile(ProductionModeIT.Production.class)
class ProductionModeIT {
    @TestHTTPResource(value = "/health/ready", management = true) // under the management root, /q
    URL ready;

    static final String SCHEMA =
            "riffle_license_it_" + UUID.randomUUID().toString().substring(0, 8);
    static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test";

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            return Map.ofEntries(
                    Map.entry("riffle.license.keys.store", "postgres"),
                    Map.entry("riffle.license.keys.kek", Base64.getEncoder().encodeToString(kek)),
                    Map.entry("riffle.license.keys.allow-generated-kek", "false"),
                    Map.entry("riffle.license.sessions.store", "redis"),
                    Map.entry("riffle.license.sessions.redis-prefix", "riffle-it:" + UUID.randomUUID() + ":"),
                    Map.entry("riffle.license.require-title-policy", "true"),
                    Map.entry("quarkus.datasource.active", "true"),
                    Map.entry("quarkus.datasource.jdbc.url", JDBC + "?currentSchema=" + SCHEMA),
                    Map.entry("quarkus.flyway.schemas", SCHEMA));
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KeycloakTestResource.class));
        }
    }

    @AfterAll
    static void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void keys_live_sealed_in_postgres_and_sessions_in_redis() throws Exception {
        String title = "prod-" + UUID.randomUUID().toString().substring(0, 8);
        var key = asOrigin()
                .put("/v1/packager/titles/{t}/key", title)
                .then()
                .statusCode(201)
                .extract();
        String kid = key.path("kid");
        byte[] clear = Base64.getUrlDecoder().decode((String) key.path("key"));

        try (Connection c = DriverManager.getConnection(JDBC, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select sealed from " + SCHEMA + ".content_key where title_id = '" + title + "'")) {
            assertThat(rs.next()).isTrue();
            byte[] sealed = rs.getBytes(1);
            assertThat(sealed).hasSize(44);
            assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1))
                    .doesNotContain(new String(clear, java.nio.charset.StandardCharsets.ISO_8859_1));
        }

        // production refuses titles the origin never described
        as(RiffleRealm.DAVE).get("/v1/keys/{kid}", kid).then().statusCode(403).body("reason", equalTo("window"));
        asOrigin()
                .contentType("application/json")
                .body("{\"requiredPlan\":\"premium\",\"territories\":[\"FR\"]}")
                .put("/v1/packager/titles/{t}/policy", title)
                .then()
                .statusCode(200);

        String s1 = as(RiffleRealm.DAVE)
                .header("Riffle-Device-Id", "prod-d1")
                .get("/v1/keys/{kid}", kid)
                .then()
                .statusCode(200)
                .extract()
                .header("Riffle-Session-Id");
        String s2 = as(RiffleRealm.DAVE)
                .header("Riffle-Device-Id", "prod-d1")
                .get("/v1/keys/{kid}", kid)
                .then()
                .statusCode(200)
                .extract()
                .header("Riffle-Session-Id");
        as(RiffleRealm.DAVE)
                .header("Riffle-Device-Id", "prod-d1")
                .get("/v1/keys/{kid}", kid)
                .then()
                .statusCode(403)
                .body("reason", equalTo("concurrent_streams"));
        as(RiffleRealm.DAVE)
                .header("Riffle-Session-Id", s1)
                .get("/v1/keys/{kid}", kid)
                .then()
                .statusCode(200)
                .header("Riffle-Session-Id", s1);
        as(RiffleRealm.DAVE).delete("/v1/sessions/{id}", s1).then().statusCode(204);
        as(RiffleRealm.DAVE).delete("/v1/sessions/{id}", s2).then().statusCode(204);
        as(RiffleRealm.CAROL).get("/v1/keys/{kid}", kid).then().statusCode(403).body("reason", equalTo("plan"));
        io.restassured.RestAssured.get(ready).then().statusCode(200);
    }
}
