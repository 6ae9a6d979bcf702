package dev.riffle.origin.it;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/** The origin's operator API as a test client would use it. */
final class Origin {
    private static volatile String operator;

    private Origin() {}

    static synchronized String operator() {
        if (operator == null) operator = Identity.operator();
        return operator;
    }

    /** Creates a title for {@code size} bytes of source; returns {titleId, jobId}. */
    static String[] create(String name, long size, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("name", name);
        body.put("sourceBytes", size);
        JsonPath r = given().auth()
                .oauth2(operator())
                .contentType("application/json")
                .body(body)
                .post("/v1/titles")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new String[] {r.getString("title.id"), r.getString("jobId")};
    }

    /** Uploads the whole file in {@code chunks} PUTs with Upload-Offset. */
    static void upload(String jobId, byte[] data, int chunks) {
        int step = (data.length + chunks - 1) / chunks;
        for (int off = 0; off < data.length; off += step) {
            byte[] part = Arrays.copyOfRange(data, off, Math.min(data.length, off + step));
            given().auth()
                    .oauth2(operator())
                    .contentType("application/offset+octet-stream")
                    .header("Upload-Offset", off)
                    .body(part)
                    .put("/v1/uploads/" + jobId)
                    .then()
                    .statusCode(200);
        }
    }

    static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls the job until it ends (bounded); returns its final JSON. */
    static JsonPath await(String jobId) {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonPath j = given().auth()
                    .oauth2(operator())
                    .get("/v1/jobs/" + jobId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            String state = j.getString("state");
            if (state.equals("succeeded") || state.equals("failed")) return j;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish in time");
    }
}
