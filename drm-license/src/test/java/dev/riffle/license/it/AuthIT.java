package dev.riffle.license.it;

import static dev.riffle.license.it.Tokens.as;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.ForgedTokens;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Missing, forged, expired and other-audience tokens all get 401 problem JSON; nothing leaks. */
@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class AuthIT {
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
    void a_token_for_another_audience_is_401() {
        unauthorized(Keycloak.shared().tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.ALICE));
    }

    @Test
    void an_expired_token_is_401() throws InterruptedException {
        String token = Keycloak.shared().tokens().password(RiffleRealm.SHORT_LIVED_CLIENT, RiffleRealm.ALICE);
        Thread.sleep(3_500);
        unauthorized(token);
    }
}
