package dev.riffle.license.it;

import static dev.riffle.license.it.Tokens.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.ForgedTokens;
import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.IdleConnections;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.QuarkusApp;
import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client tries against drm-license, in one place, against the real service over HTTP with tokens from
 * the real Keycloak: missing, garbage, forged, unsigned, altered, expired and other-audience tokens (401 problem JSON),
 * wrong roles (403), wrong-shape JSON, sessions for titles that do not exist, idle connections, the public port asked
 * for health and metrics, and an identity provider that cannot be reached (503 with Retry-After). Elsewhere: entitlement
 * and stream-limit refusals ({@code LicenseApiIT}, {@code SessionLimitsIT}); starts the production profile refuses
 * ({@code LicenseProductionProfileIT}).
 */
@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class LicenseHostileInputIT {
    static final String KID = "AAAAAAAAAAAAAAAAAAAAAA";

    static void unauthorized(String token) {
        (token == null ? RestAssured.given() : as(token))
                .get("/v1/keys/{kid}", KID)
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("reason", equalTo("unauthorized"));
    }

    @Test
    void missing_or_garbage_tokens_are_401() {
        unauthorized(null);
        unauthorized("not-a-jwt");
        RestAssured.given()
                .put("/v1/packager/titles/t1/key")
                .then()
                .statusCode(401)
                .body("reason", equalTo("unauthorized"));
    }

    @Test
    void a_token_with_an_altered_payload_is_401() {
        String[] parts = Tokens.user(RiffleRealm.BOB).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"basic\"", "\"premium\"");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        unauthorized(forged);
    }

    @Test
    void a_token_signed_by_another_key_with_the_right_issuer_is_401() throws Exception {
        String forged = ForgedTokens.signedByAnotherKey(
                ForgedTokens.subscriberClaims(Keycloak.shared().issuer().toString(), "forged-subject"));
        unauthorized(forged);
    }

    @Test
    void an_unsigned_token_is_401() {
        unauthorized(ForgedTokens.unsigned(
                ForgedTokens.subscriberClaims(Keycloak.shared().issuer().toString(), "forged-subject")));
    }

    @Test
    void a_token_for_another_audience_is_401() {
        unauthorized(Keycloak.shared().tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.ALICE));
    }

    @Test
    void a_token_is_refused_once_it_expires() {
        // The realm's test client issues 2-second tokens: accepted first (an unknown kid is a 403), refused once
        // expired.
        String token = Keycloak.shared().tokens().password(RiffleRealm.SHORT_LIVED_CLIENT, RiffleRealm.ALICE);
        as(token).get("/v1/keys/{kid}", KID).then().statusCode(403);
        Instant expiry = OidcTokens.expiry(token);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> unauthorized(token));
        // refused because it expired, not for anything else: no sooner than its expiry
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    }

    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    @Test
    void wrong_shape_json_is_refused_naming_the_field() {
        String[][] cases = {
            {"/v1/license/clearkey", "{\"kids\":\"AAAAAAAAAAAAAAAAAAAAAA\"}", "kids"},
            {"/v1/license/clearkey", "{\"kids\":[1]}", "kids[0]"},
            {"/v1/license/clearkey", "{\"kids\":[\"AAAAAAAAAAAAAAAAAAAAAA\"],\"type\":7}", "type"},
            {"/v1/sessions", "{\"titleId\":[\"t1\"]}", "titleId"},
            {"/v1/license/clearkey", "[]", null},
            {"/v1/license/clearkey", "{}{}", null},
            {"/v1/sessions", "\"\"", null},
        };
        for (String[] c : cases) {
            var r = as(RiffleRealm.ALICE)
                    .contentType("application/json")
                    .body(c[1])
                    .post(c[0])
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("reason", equalTo("bad-json"));
            if (c[2] != null) r.body("field", equalTo(c[2]));
        }
    }

    @Test
    void a_session_names_a_title_that_exists() {
        as(RiffleRealm.ALICE)
                .contentType("application/json")
                .body("{\"titleId\":\"made-up-title-" + System.nanoTime() + "\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("reason", equalTo("unknown_title"));
    }

    @Test
    void operators_and_subscribers_cannot_replace_the_manifest_signing_keys() {
        for (RiffleRealm.User who : new RiffleRealm.User[] {RiffleRealm.OLIVIA, RiffleRealm.ALICE}) {
            as(who).contentType("application/json")
                    .body("{\"keys\":[]}")
                    .put("/v1/packager/manifest-keys")
                    .then()
                    .statusCode(403)
                    .body("reason", equalTo("forbidden"));
        }
        Tokens.asOrigin()
                .contentType("application/json")
                .body("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"origin-x\",\"x\":\"short\"}]}")
                .put("/v1/packager/manifest-keys")
                .then()
                .statusCode(400)
                .body("reason", equalTo("bad-key-set"));
    }

    @Test
    void health_and_metrics_are_not_on_the_public_port() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready"}) {
            RestAssured.get(path).then().statusCode(404).contentType("application/problem+json");
        }
        RestAssured.get(metrics).then().statusCode(200);
    }

    @Test
    void an_idle_connection_is_closed() throws Exception {
        // half a request, then silence: Quarkus alone would keep this socket for 30 minutes
        assertThat(IdleConnections.closedAfter(
                        io.restassured.RestAssured.port,
                        "GET /v1/keys/x HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                        java.time.Duration.ofSeconds(60)))
                .isLessThan(java.time.Duration.ofSeconds(45));
    }

    /** The issuer cannot be reached (here: a port nobody listens on): 503 with Retry-After, not a 500. */
    @Test
    void an_unreachable_identity_provider_is_a_503_with_retry_after() {
        Path dir = Path.of("target", "it-idp-down-" + System.nanoTime()).toAbsolutePath();
        try (QuarkusApp app = QuarkusApp.builder("drm-license", Path.of("target/quarkus-app/quarkus-run.jar"))
                .workDir(dir)
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + FreePorts.pick() + "/realms/riffle")
                .property(
                        "riffle.license.keys.embedded-dir", dir.resolve("data").toString())
                .readyTimeout(Duration.ofSeconds(120))
                .start()) {
            RestAssured.given()
                    .baseUri(app.url().toString())
                    .auth()
                    .oauth2(Tokens.user(RiffleRealm.ALICE))
                    .get("/v1/keys/{kid}", KID)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("reason", equalTo("identity-provider-unavailable"));
        }
    }
}
