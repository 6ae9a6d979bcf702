package dev.riffle.license.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.license.devidp.DeviceGrants;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/**
 * The development issuer's device grant (RFC 8628, with PKCE as the realm's {@code riffle-agent} client requires) and
 * refresh tokens, end to end through the app: the device asks, the user approves on the page, the device gets tokens
 * the app itself accepts, and refreshes them once.
 */
@QuarkusTest
@WithTestResource(DevIdpTestResource.class)
class DevIdpDeviceGrantIT {
    static final String VERIFIER = "v".repeat(20) + "0123456789-_abcdefghijklmnop";

    @Test
    void device_grant_with_pkce_then_refresh() {
        RestAssured.given()
                .formParam("client_id", "riffle-agent")
                .post("/dev-idp/protocol/openid-connect/auth/device")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_request"));
        JsonPath start = RestAssured.given()
                .formParam("client_id", "riffle-agent")
                .formParam("code_challenge", DeviceGrants.s256(VERIFIER))
                .formParam("code_challenge_method", "S256")
                .post("/dev-idp/protocol/openid-connect/auth/device")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String deviceCode = start.getString("device_code");
        String userCode = start.getString("user_code");
        assertThat(start.getString("verification_uri_complete")).endsWith("/dev-idp/device?user_code=" + userCode);
        poll(deviceCode, VERIFIER).statusCode(400).body("error", equalTo("authorization_pending"));

        RestAssured.given()
                .queryParam("user_code", userCode)
                .get("/dev-idp/device")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("default-src 'none'"));
        RestAssured.given()
                .formParam("user_code", userCode)
                .formParam("username", "bob")
                .formParam("password", "bob-pass")
                .formParam("action", "approve")
                .post("/dev-idp/device")
                .then()
                .statusCode(200);
        poll(deviceCode, "w".repeat(43)).statusCode(400).body("error", equalTo("invalid_grant"));
        JsonPath tokens = poll(deviceCode, VERIFIER).statusCode(200).extract().jsonPath();
        RestAssured.given()
                .auth()
                .oauth2(tokens.getString("access_token"))
                .contentType("application/json")
                .body("{}")
                .post("/v1/sessions")
                .then()
                .statusCode(201);

        JsonPath refreshed = RestAssured.given()
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "riffle-agent")
                .formParam("refresh_token", tokens.getString("refresh_token"))
                .post("/dev-idp/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(refreshed.getString("refresh_token")).isNotEqualTo(tokens.getString("refresh_token"));
        RestAssured.given()
                .formParam("grant_type", "refresh_token")
                .formParam("client_id", "riffle-agent")
                .formParam("refresh_token", tokens.getString("refresh_token"))
                .post("/dev-idp/protocol/openid-connect/token")
                .then()
                .statusCode(400)
                .body("error", equalTo("invalid_grant"));
    }

    private static io.restassured.response.ValidatableResponse poll(String deviceCode, String verifier) {
        return RestAssured.given()
                .formParam("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                .formParam("client_id", "riffle-agent")
                .formParam("device_code", deviceCode)
                .formParam("code_verifier", verifier)
                .post("/dev-idp/protocol/openid-connect/token")
                .then();
    }
}
