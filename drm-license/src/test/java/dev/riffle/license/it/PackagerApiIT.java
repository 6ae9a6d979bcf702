package dev.riffle.license.it;

import static dev.riffle.license.it.Tokens.as;
import static dev.riffle.license.it.Tokens.asOrigin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class PackagerApiIT {
    static String newTitle() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void create_or_get_is_idempotent_and_returns_kid_key_and_hls_uri() {
        String title = newTitle();
        ExtractableResponse<Response> first = asOrigin()
                .put("/v1/packager/titles/{t}/key", title)
                .then()
                .statusCode(201)
                .header("Cache-Control", "no-store")
                .extract();
        ExtractableResponse<Response> second = asOrigin()
                .put("/v1/packager/titles/{t}/key", title)
                .then()
                .statusCode(200)
                .extract();
        String kid = first.path("kid");
        assertThat(kid).matches("[A-Za-z0-9_-]{22}");
        assertThat(Base64.getUrlDecoder().decode((String) first.path("key"))).hasSize(16);
        assertThat((String) second.path("kid")).isEqualTo(kid);
        assertThat((String) second.path("key")).isEqualTo(first.path("key"));
        assertThat((String) first.path("keyUri")).endsWith("/v1/keys/" + kid);
        assertThat((String) first.path("label")).isEqualTo("default");
    }

    @Test
    void a_title_may_have_several_labelled_keys() {
        String title = newTitle();
        String a = asOrigin()
                .put("/v1/packager/titles/{t}/key", title)
                .then()
                .statusCode(201)
                .extract()
                .path("kid");
        String b = asOrigin()
                .queryParam("label", "video-720p")
                .put("/v1/packager/titles/{t}/key", title)
                .then()
                .statusCode(201)
                .extract()
                .path("kid");
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void policies_are_stored_and_read_back() {
        String title = newTitle();
        asOrigin()
                .contentType("application/json")
                .body("{\"requiredPlan\":\"standard\",\"territories\":[\"FR\",\"DE\"],"
                        + "\"availableFrom\":\"2026-01-01T00:00:00Z\"}")
                .put("/v1/packager/titles/{t}/policy", title)
                .then()
                .statusCode(200)
                .body("requiredPlan", equalTo("standard"));
        asOrigin()
                .get("/v1/packager/titles/{t}/policy", title)
                .then()
                .statusCode(200)
                .body("territories[0]", equalTo("DE"))
                .body("availableFrom", equalTo("2026-01-01T00:00:00Z"));
    }

    @Test
    void subscribers_and_operators_may_not_use_the_packager_api() {
        as(RiffleRealm.ALICE)
                .put("/v1/packager/titles/{t}/key", newTitle())
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("reason", equalTo("forbidden"));
        as(RiffleRealm.OLIVIA)
                .put("/v1/packager/titles/{t}/key", newTitle())
                .then()
                .statusCode(403)
                .body("reason", equalTo("forbidden"));
    }

    @Test
    void bad_policies_are_refused_and_change_nothing() {
        String title = newTitle();
        String[] bodies = {
            "{\"requiredPlan\":\"gold\"}",
            "{\"requiredPlan\":\"basic\",\"territories\":[\"france\"]}",
            "{\"requiredPlan\":\"basic\",\"availableFrom\":\"yesterday\"}",
            "{\"requiredPlan\":\"basic\",\"availableFrom\":\"2027-01-01T00:00:00Z\","
                    + "\"availableUntil\":\"2026-01-01T00:00:00Z\"}",
            "{\"requiredPlan\":",
            "[1,2]"
        };
        for (String body : bodies) {
            asOrigin()
                    .contentType("application/json")
                    .body(body)
                    .put("/v1/packager/titles/{t}/policy", title)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json");
        }
        asOrigin().get("/v1/packager/titles/{t}/policy", title).then().statusCode(404);
    }

    @Test
    void bad_title_ids_and_labels_are_refused() {
        asOrigin().put("/v1/packager/titles/{t}/key", "bad title!").then().statusCode(400);
        asOrigin()
                .queryParam("label", "no/slash")
                .put("/v1/packager/titles/{t}/key", newTitle())
                .then()
                .statusCode(400)
                .body("reason", equalTo("bad-request"));
    }
}
