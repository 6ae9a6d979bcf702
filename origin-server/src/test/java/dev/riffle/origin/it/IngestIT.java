package dev.riffle.origin.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.origin.crypto.SegmentCipher;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.TrustedKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(DrmLicenseServer.class)
class IngestIT {
    private static final String VTT =
            "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello\n\n00:00:09.000 --> 00:00:11.000\nAgain\n";

    @TestHTTPResource("/")
    URI base;

    @Test
    void a_clip_is_packaged_encrypted_signed_and_served_as_a_cdn_edge() throws Exception {
        byte[] source = Origin.read(Clips.video(20));
        String[] ids = Origin.create(
                "Test pattern",
                source.length,
                Map.of("summary", "bars", "requiredPlan", "standard", "territories", List.of("FR")));
        String title = ids[0];
        String job = ids[1];
        given().auth()
                .oauth2(Origin.operator())
                .contentType("text/vtt")
                .body(VTT)
                .put("/v1/titles/" + title + "/subtitles/en")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(Origin.operator())
                .contentType("image/png")
                .body(new byte[] {(byte) 0x89, 'P', 'N', 'G'})
                .put("/v1/titles/" + title + "/poster")
                .then()
                .statusCode(200);

        // Resumable upload: a first chunk by Content-Range, a stale offset refused, HEAD to learn where to resume.
        int third = source.length / 3;
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/octet-stream")
                .header("Content-Range", "bytes 0-" + (third - 1) + "/" + source.length)
                .body(java.util.Arrays.copyOf(source, third))
                .put("/v1/uploads/" + job)
                .then()
                .statusCode(200)
                .header("Upload-Offset", String.valueOf(third));
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/octet-stream")
                .header("Upload-Offset", 0)
                .body(new byte[10])
                .put("/v1/uploads/" + job)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://riffle.dev/problems/offset-mismatch"));
        String offset = given().auth()
                .oauth2(Origin.operator())
                .head("/v1/uploads/" + job)
                .then()
                .statusCode(200)
                .extract()
                .header("Upload-Offset");
        assertThat(Long.parseLong(offset)).isEqualTo(third);
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/octet-stream")
                .header("Upload-Offset", third)
                .body(java.util.Arrays.copyOfRange(source, third, source.length))
                .put("/v1/uploads/" + job)
                .then()
                .statusCode(200);

        JsonPath done = Origin.await(job);
        assertThat(done.getString("state")).as(done.prettify()).isEqualTo("succeeded");
        assertThat(done.getDouble("progress")).isEqualTo(1.0);

        JsonPath t = given().get("/v1/titles/" + title)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(t.getString("status")).isEqualTo("published");
        assertThat(t.getString("kind")).isEqualTo("video");
        assertThat(t.getList("renditions", String.class)).containsExactly("240p", "180p", "120p", "audio", "sub-en");
        assertThat(t.getString("links.master")).isEqualTo("/content/" + title + "/master.m3u8");

        // Standard HLS beside the manifest.
        String master = given().get("/content/" + title + "/master.m3u8")
                .then()
                .statusCode(200)
                .contentType("application/vnd.apple.mpegurl")
                .header("Cache-Control", "public, max-age=2")
                .extract()
                .asString();
        assertThat(master.split("#EXT-X-STREAM-INF", -1)).hasSize(4);
        assertThat(master).contains("TYPE=SUBTITLES").contains("TYPE=AUDIO");

        // The manifest verifies with the published keys and lists the encrypted bytes' hashes.
        TrustedKeys keys = TrustedKeys.parseJwks(given().get("/.well-known/riffle-keys.json")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        byte[] doc = given().get("/content/" + title + "/manifest.json")
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .asByteArray();
        Manifest m = new ManifestVerifier(keys).verify(doc);
        assertThat(m.titleId()).isEqualTo(title);
        Rendition r240 = m.rendition("240p").orElseThrow();
        assertThat(r240.segments()).hasSize(5);
        assertThat(m.rendition("sub-en").orElseThrow().type()).isEqualTo(RenditionType.SUBTITLES);
        String kid = m.contentKey().kid().base64url();

        String media = given().get("/content/" + title + "/240p/index.m3u8")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Segment s0 = r240.segments().get(0);
        assertThat(media)
                .contains("#EXT-X-KEY:METHOD=AES-128,URI=\"" + DrmLicenseServer.baseUrl + "/v1/keys/" + kid + "\",IV=0x"
                        + HexFormat.of().formatHex(m.ivFor(s0).bytes()));

        for (Segment s : r240.segments()) {
            byte[] bytes = given().get("/content/" + title + "/" + s.uri())
                    .then()
                    .statusCode(200)
                    .contentType("video/mp2t")
                    .header("Cache-Control", "public, max-age=1209600, immutable")
                    .extract()
                    .asByteArray();
            assertThat(bytes).hasSize((int) s.size());
            assertThat(Sha256.of(bytes)).isEqualTo(s.sha256());
            bytes[bytes.length / 2] ^= 1;
            assertThat(Sha256.of(bytes)).as("a flipped byte is caught").isNotEqualTo(s.sha256());
        }

        // Encrypted segments are undecodable; with the title's key from drm-license they decode.
        byte[] enc = given().get("/content/" + title + "/" + s0.uri())
                .then()
                .extract()
                .asByteArray();
        Path dir = Files.createDirectories(Path.of("target", "it-segments"));
        Path encFile = dir.resolve(title + "-enc.ts");
        Files.write(encFile, enc);
        assertThat(ffprobeVideoCodec(encFile)).isNotEqualTo("h264");
        byte[] plain =
                SegmentCipher.decrypt(Identity.contentKey(title), m.ivFor(s0).bytes(), enc);
        Path plainFile = dir.resolve(title + "-plain.ts");
        Files.write(plainFile, plain);
        assertThat(ffprobeVideoCodec(plainFile)).isEqualTo("h264");

        // The policy reached drm-license.
        assertThat(Identity.policy(title).get("requiredPlan").asText()).isEqualTo("standard");
        assertThat(Identity.policy(title).get("territories").get(0).asText()).isEqualTo("FR");
        // ... with the packaged media's size, which bounds the stats viewers may claim for the title.
        assertThat(Identity.policy(title).get("sizeBytes").asLong())
                .isEqualTo(dev.riffle.origin.manifest.TitleSizes.of(m))
                .isPositive();

        edgeSemantics(title, s0);
        http2(title);

        // Unpublish takes it off the edge and the public catalogue and closes the license window; publish restores.
        given().auth()
                .oauth2(Origin.operator())
                .post("/v1/titles/" + title + "/unpublish")
                .then()
                .statusCode(200)
                .body("status", equalTo("unpublished"));
        given().get("/content/" + title + "/master.m3u8").then().statusCode(404);
        given().get("/v1/titles/" + title).then().statusCode(404);
        assertThat(Identity.policy(title).get("availableUntil").isNull()).isFalse();
        given().auth()
                .oauth2(Origin.operator())
                .post("/v1/titles/" + title + "/publish")
                .then()
                .statusCode(200);
        given().get("/content/" + title + "/master.m3u8").then().statusCode(200);

        // Metadata updates reach drm-license.
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body(Map.of("requiredPlan", "premium"))
                .patch("/v1/titles/" + title)
                .then()
                .statusCode(200)
                .body("requiredPlan", equalTo("premium"));
        assertThat(Identity.policy(title).get("requiredPlan").asText()).isEqualTo("premium");
        given().get("/v1/titles?q=pattern")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(title));
    }

    private void edgeSemantics(String title, Segment s) {
        String url = "/content/" + title + "/" + s.uri();
        Response full = given().get(url);
        String etag = full.header("ETag");
        String lastModified = full.header("Last-Modified");
        byte[] all = full.asByteArray();
        assertThat(etag).isNotBlank();
        assertThat(full.header("Accept-Ranges")).isEqualTo("bytes");

        Response part = given().header("Range", "bytes=0-99").get(url);
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 0-99/" + s.size());
        assertThat(part.asByteArray()).isEqualTo(java.util.Arrays.copyOf(all, 100));
        Response tail = given().header("Range", "bytes=-16").get(url);
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.asByteArray()).isEqualTo(java.util.Arrays.copyOfRange(all, all.length - 16, all.length));
        given().header("Range", "bytes=" + s.size() + "-")
                .get(url)
                .then()
                .statusCode(416)
                .header("Content-Range", "bytes */" + s.size());
        given().header("If-None-Match", etag).get(url).then().statusCode(304);
        given().header("If-Modified-Since", lastModified).get(url).then().statusCode(304);
        given().header("Range", "bytes=0-9")
                .header("If-Range", "\"stale\"")
                .get(url)
                .then()
                .statusCode(200);
        Response head = given().head(url);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo(String.valueOf(s.size()));
        assertThat(head.asByteArray()).isEmpty();
        given().get("/content/" + title + "/240p/999.ts")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        given().get("/content/" + title + "/..%2F..%2Fsecret").then().statusCode(404);
        given().post(url).then().statusCode(405);
    }

    private void http2(String title) throws Exception {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> r = client.send(
                HttpRequest.newBuilder(base.resolve("/content/" + title + "/master.m3u8"))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }

    @Test
    void two_uploads_at_once_both_publish_and_an_audio_source_makes_an_audio_only_title() throws Exception {
        byte[] video = Origin.read(Clips.video(8));
        byte[] audio = Origin.read(Clips.audio(8));
        String[] v = Origin.create("Concurrent video", video.length, Map.of());
        String[] a = Origin.create("Concurrent audio", audio.length, Map.of());
        CompletableFuture<Void> up1 = CompletableFuture.runAsync(() -> Origin.upload(v[1], video, 4));
        CompletableFuture<Void> up2 = CompletableFuture.runAsync(() -> Origin.upload(a[1], audio, 4));
        CompletableFuture.allOf(up1, up2).get(120, TimeUnit.SECONDS);
        assertThat(Origin.await(v[1]).getString("state")).isEqualTo("succeeded");
        assertThat(Origin.await(a[1]).getString("state")).isEqualTo("succeeded");
        JsonPath at = given().get("/v1/titles/" + a[0])
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(at.getString("kind")).isEqualTo("audio");
        assertThat(at.getList("renditions", String.class)).containsExactly("audio");
        String master = given().get("/content/" + a[0] + "/master.m3u8")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(master).contains("CODECS=\"mp4a.40.2\"").doesNotContain("RESOLUTION");
    }

    static String ffprobeVideoCodec(Path file) throws Exception {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=codec_name",
                        "-of",
                        "csv=p=0",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
        return p.exitValue() == 0
                ? out.lines().filter(l -> !l.isBlank()).findFirst().orElse("none")
                : "undecodable";
    }
}
