package dev.riffle.origin.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DrmLicenseServer.class)
class ValidationIT {

    @Test
    void a_file_that_is_not_media_fails_with_a_clear_reason_and_publishes_nothing() {
        byte[] junk = "this is a text file, not a film\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        String[] ids = Origin.create("Junk", junk.length, Map.of());
        Origin.upload(ids[1], junk, 1);
        JsonPath job = Origin.await(ids[1]);
        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("failure")).contains("not a playable media file");
        assertNothingPublished(ids[0]);
    }

    @Test
    void a_truncated_file_fails_with_a_clear_reason() {
        byte[] full = Origin.read(Clips.video(20));
        byte[] cut = Arrays.copyOf(full, full.length * 6 / 10);
        String[] ids = Origin.create("Cut", cut.length, Map.of());
        Origin.upload(ids[1], cut, 2);
        JsonPath job = Origin.await(ids[1]);
        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("failure")).containsAnyOf("truncated", "moov atom not found");
        assertNothingPublished(ids[0]);
    }

    private static void assertNothingPublished(String title) {
        given().get("/content/" + title + "/master.m3u8").then().statusCode(404);
        given().get("/v1/titles/" + title).then().statusCode(404);
        given().auth()
                .oauth2(Origin.operator())
                .get("/v1/titles/" + title)
                .then()
                .statusCode(200)
                .body("status", equalTo("failed"));
    }

    @Test
    void calls_without_a_token_are_unauthorized_and_subscribers_cannot_operate() {
        given().contentType("application/json")
                .body(Map.of("name", "x"))
                .post("/v1/titles")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://riffle.dev/problems/unauthorized"));
        given().auth().oauth2("not-a-token").get("/v1/jobs/x").then().statusCode(401);
        String subscriber = Identity.subscriber();
        given().auth()
                .oauth2(subscriber)
                .contentType("application/json")
                .body(Map.of("name", "x"))
                .post("/v1/titles")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        given().auth().oauth2(subscriber).put("/v1/uploads/x").then().statusCode(403);
        given().auth().oauth2(subscriber).post("/v1/signing-keys/rotate").then().statusCode(403);
        given().auth().oauth2(subscriber).get("/v1/titles").then().statusCode(200);
    }

    @Test
    void bad_metadata_and_oversized_uploads_are_refused_as_problems() {
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body(Map.of("name", "x", "requiredPlan", "gold"))
                .post("/v1/titles")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://riffle.dev/problems/invalid-metadata"))
                .body("detail", containsString("requiredPlan"));
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body("{not json")
                .post("/v1/titles")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        String[] ids = Origin.create("Small", 100, Map.of());
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/octet-stream")
                .header("Upload-Offset", 0)
                .body(new byte[200])
                .put("/v1/uploads/" + ids[1])
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(Origin.operator())
                .head("/v1/uploads/" + ids[1])
                .then()
                .header("Upload-Offset", "0");
        given().auth()
                .oauth2(Origin.operator())
                .contentType("text/vtt")
                .body("not vtt")
                .put("/v1/titles/" + ids[0] + "/subtitles/en")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Origin.operator())
                .get("/v1/jobs/doesnotexist")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void signing_keys_rotate_and_every_key_stays_published() {
        int before = given().get("/.well-known/riffle-keys.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("keys")
                .size();
        String active = given().auth()
                .oauth2(Origin.operator())
                .post("/v1/signing-keys/rotate")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("active");
        JsonPath after = given().get("/.well-known/riffle/origin-keys.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(after.getList("keys")).hasSize(before + 1);
        assertThat(after.getList("keys.kid", String.class)).contains(active);
    }

    @Test
    void framework_errors_come_out_as_problem_json_too() throws Exception {
        // Over quarkus.http.limits.max-body-size: refused from the headers, before any body byte is read.
        int port = io.restassured.RestAssured.port;
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream()
                    .write(("PUT /v1/uploads/whatever HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                    + "Content-Type: application/octet-stream\r\nContent-Length: 100000000000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 413");
            assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/problem+json");
            assertThat(answer).contains("\"type\":\"https://riffle.dev/problems/too-large\"");
            assertThat(answer).contains("\"status\":413");
        }
        given().get("/no/such/path")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://riffle.dev/problems/not-found"));
        given().delete("/v1/titles")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body("type", equalTo("https://riffle.dev/problems/method-not-allowed"));
        given().auth()
                .oauth2(Origin.operator())
                .contentType("text/plain")
                .body("name=x")
                .post("/v1/titles")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://riffle.dev/problems/unsupported-media-type"));
    }
}
