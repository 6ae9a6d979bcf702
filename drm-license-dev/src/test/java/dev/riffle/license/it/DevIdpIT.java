package dev.riffle.license.it;

import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The single-machine default: drm-license validates tokens of its own development issuer through quarkus-oidc. */
@QuarkusTest
@WithTestResource(DevIdpTestResource.class)
class DevIdpIT {
    OidcTokens tokens() {
        return OidcTokens.forIssuer(URI.create("http://127.0.0.1:" + DevIdpTestResource.port + "/dev-idp"));
    }

    @Test
    void dev_issuer_tokens_work_like_keycloak_tokens() {
        OidcTokens t = tokens();
        String origin = t.clientCredentials(RiffleRealm.ORIGIN_CLIENT, RiffleRealm.ORIGIN_SECRET);
        String kid = RestAssured.given()
                .auth()
                .oauth2(origin)
                .put("/v1/packager/titles/{t}/key", "devidp-title")
                .then()
                .statusCode(201)
                .extract()
                .path("kid");
        String bob = t.password(RiffleRealm.AGENT_CLIENT, RiffleRealm.BOB);
        RestAssured.given().auth().oauth2(bob).get("/v1/keys/{kid}", kid).then().statusCode(200);
        RestAssured.given()
                .auth()
                .oauth2(bob)
                .put("/v1/packager/titles/{t}/key", "devidp-title")
                .then()
                .statusCode(403);
    }

    @Test
    void wrong_credentials_and_other_audiences_are_refused() {
        RestAssured.given()
                .formParam("grant_type", "password")
                .formParam("client_id", "riffle-agent")
                .formParam("username", "alice")
                .formParam("password", "wrong")
                .post("/dev-idp/protocol/openid-connect/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
        RestAssured.given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", "riffle-origin")
                .formParam("client_secret", "nope")
                .post("/dev-idp/protocol/openid-connect/token")
                .then()
                .statusCode(401);
        String other = tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.ALICE);
        RestAssured.given()
                .auth()
                .oauth2(other)
                .get("/v1/keys/{kid}", "AAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(401);
    }
}
