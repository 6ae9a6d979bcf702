package dev.riffle.license.it;

import static dev.riffle.license.it.Tokens.as;
import static dev.riffle.license.it.Tokens.asOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class LicenseApiIT {
    @TestHTTPResource(value = "/health/ready", management = true) // under the management root, /q
    URL ready;

    private static final String DEVICE = "it-device-1";
    private String aliceSession;

    static String title(String policyJson) {
        String title = "it-" + UUID.randomUUID().toString().substring(0, 8);
        if (policyJson != null) {
            asOrigin()
                    .contentType("application/json")
                    .body(policyJson)
                    .put("/v1/packager/titles/{t}/policy", title)
                    .then()
                    .statusCode(200);
        }
        return title;
    }

    static String[] key(String title) {
        var r = asOrigin().put("/v1/packager/titles/{t}/key", title).then().extract();
        return new String[] {r.path("kid"), r.path("key")};
    }

    static String clearKeyBody(String... kids) {
        return "{\"kids\":[\"" + String.join("\",\"", kids) + "\"],\"type\":\"temporary\"}";
    }

    @BeforeEach
    void startAliceSession() {
        aliceSession = as(RiffleRealm.ALICE)
                .header("Riffle-Device-Id", DEVICE)
                .contentType("application/json")
                .body("{}")
                .post("/v1/sessions")
                .then()
                .statusCode(201)
                .extract()
                .path("sessionId");
    }

    @AfterEach
    void releaseAliceSession() {
        as(RiffleRealm.ALICE).delete("/v1/sessions/{id}", aliceSession).then().statusCode(204);
    }

    RequestSpecification alice() {
        return as(RiffleRealm.ALICE).header("Riffle-Device-Id", DEVICE).header("Riffle-Session-Id", aliceSession);
    }

    @Test
    void clearkey_returns_a_jwk_set_for_an_entitled_subscriber() {
        String t = title("{\"requiredPlan\":\"premium\",\"territories\":[\"FR\"]}");
        String[] k = key(t);
        alice().contentType("application/json")
                .body(clearKeyBody(k[0]))
                .post("/v1/license/clearkey")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Riffle-Session-Id", equalTo(aliceSession))
                .header("Riffle-License-Expires", notNullValue())
                .body("type", equalTo("temporary"))
                .body("keys[0].kty", equalTo("oct"))
                .body("keys[0].kid", equalTo(k[0]))
                .body("keys[0].k", equalTo(k[1]));
    }

    @Test
    void hls_key_is_the_raw_16_bytes_and_never_cached() {
        String[] k = key(title(null));
        byte[] body = alice().get("/v1/keys/{kid}", k[0])
                .then()
                .statusCode(200)
                .contentType("application/octet-stream")
                .header("Cache-Control", "no-store")
                .extract()
                .asByteArray();
        assertThat(body).isEqualTo(Base64.getUrlDecoder().decode(k[1]));
    }

    @Test
    void plan_below_the_titles_is_denied() {
        String[] k = key(title("{\"requiredPlan\":\"standard\"}"));
        as(RiffleRealm.BOB)
                .contentType("application/json")
                .body(clearKeyBody(k[0]))
                .post("/v1/license/clearkey")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("reason", equalTo("plan"))
                .body("type", equalTo("https://riffle.dev/problems/plan"));
        as(RiffleRealm.CAROL).get("/v1/keys/{kid}", k[0]).then().statusCode(200);
    }

    @Test
    void territory_outside_the_titles_is_denied() {
        String[] k = key(title("{\"requiredPlan\":\"basic\",\"territories\":[\"FR\",\"DE\"]}"));
        as(RiffleRealm.CAROL).get("/v1/keys/{kid}", k[0]).then().statusCode(403).body("reason", equalTo("territory"));
    }

    @Test
    void outside_the_availability_window_is_denied() {
        String[] past = key(title("{\"requiredPlan\":\"basic\",\"availableUntil\":\"2020-01-01T00:00:00Z\"}"));
        String[] future = key(title("{\"requiredPlan\":\"basic\",\"availableFrom\":\"2999-01-01T00:00:00Z\"}"));
        for (String kid : new String[] {past[0], future[0]}) {
            alice().contentType("application/json")
                    .body(clearKeyBody(kid))
                    .post("/v1/license/clearkey")
                    .then()
                    .statusCode(403)
                    .body("reason", equalTo("window"));
        }
    }

    @Test
    void unknown_keys_are_denied() {
        alice().get("/v1/keys/{kid}", "AAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(403)
                .body("reason", equalTo("unknown_key"));
        String[] k = key(title(null));
        alice().contentType("application/json")
                .body(clearKeyBody(k[0], "AAAAAAAAAAAAAAAAAAAAAA"))
                .post("/v1/license/clearkey")
                .then()
                .statusCode(403)
                .body("reason", equalTo("unknown_key"));
    }

    @Test
    void operators_and_the_origin_get_no_licenses() {
        String[] k = key(title(null));
        as(RiffleRealm.OLIVIA)
                .get("/v1/keys/{kid}", k[0])
                .then()
                .statusCode(403)
                .body("reason", equalTo("forbidden"));
        asOrigin().get("/v1/keys/{kid}", k[0]).then().statusCode(403).body("reason", equalTo("forbidden"));
    }

    @Test
    void malformed_requests_get_clear_400s() {
        alice().get("/v1/keys/{kid}", "not-a-kid").then().statusCode(400).body("reason", equalTo("malformed_kid"));
        alice().get("/v1/keys/{kid}", "AAAAAAAAAAAAAAAAAAAAA+")
                .then()
                .statusCode(400)
                .body("reason", equalTo("malformed_kid"));
        String[][] cases = {
            {"{\"kids\":[\"AAAA", "bad-json"},
            {"{\"kids\":\"x\"}", "bad-json"},
            {"{\"kids\":[],\"type\":\"temporary\"}", "bad-request"},
            {"{\"kids\":[\"AAAAAAAAAAAAAAAAAAAAAA==\"]}", "malformed_kid"},
            {"{\"kids\":[\"AAAAAAAAAAAAAAAAAAAAAA\"],\"type\":\"persistent-license\"}", "unsupported_type"},
        };
        for (String[] c : cases) {
            alice().contentType("application/json")
                    .body(c[0])
                    .post("/v1/license/clearkey")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("reason", equalTo(c[1]));
        }
        alice().contentType("text/plain")
                .body("hello")
                .post("/v1/license/clearkey")
                .then()
                .statusCode(415)
                .contentType("application/problem+json");
        as(RiffleRealm.ALICE)
                .header("Riffle-Device-Id", "bad device id!")
                .get("/v1/keys/{kid}", "AAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(400);
    }

    @Test
    void oversized_bodies_are_refused_with_413() {
        String big = "{\"kids\":[\"" + "A".repeat(20_000) + "\"]}";
        alice().contentType("application/json")
                .body(big)
                .post("/v1/license/clearkey")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("reason", equalTo("too-large"));
    }

    @Test
    void api_docs_and_health_are_served() {
        io.restassured.RestAssured.get("/q/openapi").then().statusCode(200);
        io.restassured.RestAssured.get(ready).then().statusCode(200);
    }
}
