package dev.riffle.origin.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.Fuzz;
import dev.riffle.testkit.IdleConnections;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client tries against the origin, in one place: the real service over HTTP (tokens from the real
 * drm-license's issuer), with files that are not media, truncated files, missing and wrong tokens, wrong-shape and
 * fuzzed JSON bodies, oversized and stalled uploads, idle connections, path tricks on the edge, and a look at what the
 * origin keeps on disk and on its public port. Every refusal is problem JSON with a stable reason and never a 5xx.
 */
@QuarkusTest
@QuarkusTestResource(DrmLicenseServer.class)
class OriginHostileInputIT {

    @Test
    void a_file_that_is_not_media_fails_with_a_clear_reason_and_publishes_nothing() {
        byte[] junk = "this is a text file, not a film\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        String[] ids = Origin.create("Junk", junk.length, Map.of());
        Origin.upload(ids[1], junk, 1);
        JsonPath job = Origin.await(ids[1]);
        assertThat(job.getString("state")).isEqualTo("failed");
        assertThat(job.getString("failure")).contains("not a playable media file");
        // ffprobe names the file it read: operators see its name, never where the server keeps it
        assertThat(job.getString("failure"))
                .doesNotContain(dataDir().toString())
                .doesNotContainPattern("(^|[\\s(])/[^\\s]+/");
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

    static java.nio.file.Path dataDir() {
        return java.nio.file.Path.of(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                        .getValue("riffle.origin.data-dir", String.class))
                .toAbsolutePath();
    }

    static io.restassured.response.ValidatableResponse json(String method, String path, String body) {
        return given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body(body)
                .request(method, path)
                .then();
    }

    @Test
    void wrong_shape_json_is_refused_naming_the_field() {
        String[] ids = Origin.create("Shapes", 1000, Map.of());
        String[][] create = {
            {"{\"name\":\"x\",\"territories\":\"FR\"}", "territories"},
            {"{\"name\":[\"x\"]}", "name"},
            {"{\"name\":\"x\",\"availableFrom\":12}", "availableFrom"},
            {"{\"name\":\"x\",\"sourceBytes\":\"10\"}", "sourceBytes", "POST only"},
            {"{\"name\":\"x\",\"summary\":{\"a\":1}}", "summary"},
            {"[]", null},
            {"\"\"", null},
            {"{}{}", null},
            {"{\"name\":\"x\"} 1", null},
            {"{\"a\":".repeat(40) + "1" + "}".repeat(40), null},
        };
        for (String[] c : create) {
            for (String[] call : new String[][] {{"POST", "/v1/titles"}, {"PATCH", "/v1/titles/" + ids[0]}}) {
                if (c.length > 2 && call[0].equals("PATCH")) continue; // not a field of a change
                assertThat(json(call[0], call[1], c[0]).extract().statusCode())
                        .as("%s %s %s", call[0], call[1], c[0])
                        .isEqualTo(400);
                var r = json(call[0], call[1], c[0])
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .body("reason", equalTo("bad-json"));
                if (c[1] != null) r.body("field", equalTo(c[1])).body("detail", containsString(c[1]));
            }
        }
        for (String body : new String[] {"[]", "{\"sourceBytes\":\"10\"}", "{\"sourceBytes\":1.5}"}) {
            json("POST", "/v1/titles/" + ids[0] + "/uploads", body)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("reason", equalTo("bad-json"));
        }
        // Nothing was half-written: the title is as it was created.
        given().auth()
                .oauth2(Origin.operator())
                .get("/v1/titles/" + ids[0])
                .then()
                .statusCode(200)
                .body("name", equalTo("Shapes"))
                .body("territories.size()", equalTo(0));
    }

    /** Seeded mutations of valid bodies: whatever the bytes, a 2xx or a problem, never a 5xx. */
    @Test
    void fuzzed_json_bodies_never_get_a_server_error() {
        String[] ids = Origin.create("Fuzz", 1000, Map.of());
        String[][] valid = {
            {
                "POST",
                "/v1/titles",
                "{\"name\":\"F\",\"summary\":\"s\",\"requiredPlan\":\"basic\",\"territories\":[\"FR\"],"
                        + "\"availableFrom\":\"2026-01-01T00:00:00Z\",\"availableUntil\":null}"
            },
            {
                "PATCH",
                "/v1/titles/" + ids[0],
                "{\"summary\":\"t\",\"territories\":[\"DE\",\"FR\"],\"requiredPlan\":\"standard\"}"
            },
            {"POST", "/v1/titles/" + ids[0] + "/uploads", "{\"sourceBytes\":2000}"},
        };
        java.util.SplittableRandom random = new java.util.SplittableRandom(19);
        for (int i = 0; i < 600; i++) {
            String[] v = valid[i % valid.length];
            byte[] body = Fuzz.mutate(random, v[2].getBytes(StandardCharsets.UTF_8), Fuzz.JSON_ALPHABET);
            var r = given().auth()
                    .oauth2(Origin.operator())
                    .contentType("application/json")
                    .body(body)
                    .request(v[0], v[1])
                    .then()
                    .extract();
            String shown = new String(body, StandardCharsets.UTF_8);
            assertThat(r.statusCode()).as("%s %s %s", v[0], v[1], shown).isLessThan(500);
            if (r.statusCode() >= 400) {
                assertThat(r.contentType()).as(shown).startsWith("application/problem+json");
                assertThat(r.jsonPath().getString("reason")).as(shown).matches("[a-z-]+");
            }
        }
    }

    @Test
    void a_stalled_upload_is_refused_and_logged_without_a_stack() throws Exception {
        String[] ids = Origin.create("Stall", 10_000, Map.of());
        try (java.net.Socket s =
                new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), io.restassured.RestAssured.port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream()
                    .write(("PUT /v1/uploads/" + ids[1] + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                    + Origin.operator() + "\r\nContent-Type: application/offset+octet-stream\r\n"
                                    + "Upload-Offset: 0\r\nContent-Length: 10000\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[4000]); // then nothing: the server's read timeout ends the chunk
            s.getOutputStream().flush();
            // The connection is closed, with a 408 problem when it can still be sent.
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a)
                    .startsWith("HTTP/1.1 408")
                    .contains("upload-interrupted"));
        }
        // The bytes that arrived are kept: the client resumes from there.
        given().auth()
                .oauth2(Origin.operator())
                .head("/v1/uploads/" + ids[1])
                .then()
                .header("Upload-Offset", "4000");
        // A stalled client is the client's doing: one INFO line, no ERROR and no stack trace.
        java.util.List<String> about = await().atMost(java.time.Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(
                        () -> java.nio.file.Files.readAllLines(DrmLicenseServer.ORIGIN_LOG).stream()
                                .filter(l -> l.contains(ids[1]))
                                .toList(),
                        lines -> lines.stream().anyMatch(l -> l.contains("stopped sending")));
        assertThat(about)
                .allMatch(l -> !l.contains(" ERROR ") && !l.contains(" WARN "))
                .anyMatch(l -> l.contains(" INFO ") && l.contains("4000 bytes kept"));
        assertThat(java.nio.file.Files.readString(DrmLicenseServer.ORIGIN_LOG)).doesNotContain("unexpected error");
    }

    @Test
    void an_idle_connection_is_closed() throws Exception {
        // half a request, then silence: Quarkus alone would keep this socket for 30 minutes
        assertThat(IdleConnections.closedAfter(
                        io.restassured.RestAssured.port,
                        "GET /v1/titles HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                        java.time.Duration.ofSeconds(60)))
                .isLessThan(java.time.Duration.ofSeconds(45));
    }

    @Test
    void the_edge_serves_nothing_outside_a_published_title() {
        for (String path : new String[] {
            "/content/../catalog/x.json",
            "/content/%2e%2e/catalog/x.json",
            "/content/x/..%2f..%2fsigning-keys/active",
            "/content/.%2e/signing-kek",
            "/content/x/%00.ts",
            "/content//etc/passwd",
        }) {
            var r = given().urlEncodingEnabled(false).get(path).then().extract();
            assertThat(r.statusCode()).as(path).isIn(400, 404);
            assertThat(r.asString()).as(path).doesNotContain("origin-").doesNotContain("root:");
        }
    }

    @Test
    void health_and_metrics_are_not_on_the_public_port_and_signing_keys_are_sealed_at_rest() throws Exception {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready"}) {
            given().get(path).then().statusCode(404).contentType("application/problem+json");
        }
        java.nio.file.Path keys = dataDir().resolve("signing-keys");
        try (var files = java.nio.file.Files.list(keys)) {
            java.util.List<java.nio.file.Path> all = files.toList();
            assertThat(all).anyMatch(f -> f.getFileName().toString().endsWith(".sealed"));
            for (java.nio.file.Path f : all) {
                assertThat(f.getFileName().toString()).doesNotEndWith(".jwk");
                assertThat(java.nio.file.Files.readString(f)).doesNotContain("\"d\"");
            }
        }
    }
}
