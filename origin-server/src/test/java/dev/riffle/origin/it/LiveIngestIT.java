package dev.riffle.origin.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.riffle.origin.crypto.SegmentCipher;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.sign.ManifestVerifier;
import dev.riffle.protocol.sign.TrustedKeys;
import dev.riffle.testkit.LiveFeed;
import dev.riffle.testkit.ManagedProcess;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live ingest end to end on the real origin, drm-license and ffmpeg: a channel is created, ffmpeg pushes over RTMP,
 * segments appear about one a second, each encrypted under its crypto period's key from drm-license, hashed and
 * signed; a wrong key and a second pusher are refused with a clear error; a push that dies leaves no partial segment
 * and the channel interrupted, and a new push resumes the numbering.
 */
@QuarkusTest
@QuarkusTestResource(DrmLicenseServer.class)
class LiveIngestIT {
    private static final Path WORK = Path.of("target", "it-live").toAbsolutePath();
    private final List<ManagedProcess> pushers = new ArrayList<>();

    @AfterEach
    void stopPushers() {
        pushers.forEach(p -> p.stop(Duration.ofSeconds(5)));
    }

    @Test
    void a_pushed_channel_is_cut_encrypted_rotated_and_signed_and_ends_cleanly() throws Exception {
        JsonPath ch = create("Final", Map.of("windowSeconds", 60));
        String id = ch.getString("id");
        String pushUrl = ch.getString("pushUrl");
        assertThat(ch.getString("state")).isEqualTo("idle");
        assertThat(pushUrl).startsWith("rtmp://127.0.0.1:").contains("/live/sk_");
        // the key is shown once: never again
        assertThat(given().auth()
                        .oauth2(Origin.operator())
                        .get("/v1/live/" + id)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("streamKey"))
                .isNull();

        ManagedProcess feed = push(pushUrl, 10, "feed");
        // Segments arrive at the expected rate: about one per second once the stream flows.
        await().atMost(Duration.ofSeconds(30)).until(() -> segments(id).size() >= 2);
        long t2 = System.nanoTime();
        await().atMost(Duration.ofSeconds(30)).until(() -> segments(id).size() >= 6);
        double perSecond = 4 / ((System.nanoTime() - t2) / 1e9);
        assertThat(perSecond).as("segments per second").isBetween(0.6, 1.6);
        assertThat(state(id)).isEqualTo("on-air");
        assertThat(given().get("/v1/titles/" + id).then().extract().jsonPath().getString("kind"))
                .isEqualTo("live");

        // A second pusher with the right key is refused while the first is on air; a wrong key is refused outright.
        assertThat(refusal(pushUrl, "second")).contains("already on air");
        assertThat(refusal(pushUrl.replaceAll("sk_[A-Za-z0-9_-]+$", "sk_wrong"), "wrong"))
                .contains("wrong stream key");

        OptionalInt exit = feed.awaitExit(Duration.ofSeconds(40));
        assertThat(exit).hasValue(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("ended"));

        Manifest m = verified(id);
        assertThat(m.live().ended()).isTrue();
        List<Segment> all = m.rendition("source").orElseThrow().segments();
        assertThat(all.size()).isBetween(8, 12);
        Set<String> kids = new HashSet<>();
        for (Segment s : all) {
            byte[] bytes = given().get("/content/" + id + "/" + s.uri())
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
            assertThat(Sha256.of(bytes)).isEqualTo(s.sha256());
            var kid = s.keyIn(m);
            kids.add(kid.base64url());
            // crypto periods of 3 s of 1 s segments: the key of segment n is the packager's key "live-<n/3>"
            byte[] key = Identity.contentKey(id, "live-" + s.index() / 3);
            byte[] plain = SegmentCipher.decrypt(key, m.ivFor(s).bytes(), bytes);
            assertThat(plain[0]).as("an MPEG-TS sync byte").isEqualTo((byte) 0x47);
            assertThat(s.programDate()).isNotNull();
        }
        assertThat(kids).as("keys rotated").hasSizeGreaterThanOrEqualTo(3);
        String playlist = given().get("/content/" + id + "/source/index.m3u8")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(playlist).contains("#EXT-X-PROGRAM-DATE-TIME:").contains("#EXT-X-ENDLIST");
        assertThat(playlist.split("#EXT-X-KEY", -1).length - 1).isEqualTo(kids.size());
        // ended for good: a new push is refused
        assertThat(refusal(pushUrl, "after-end")).contains("has ended");
    }

    @Test
    void a_push_that_dies_leaves_no_partial_segment_and_a_new_push_resumes() throws Exception {
        JsonPath ch = create("Concert", Map.of());
        String id = ch.getString("id");
        ManagedProcess feed = push(ch.getString("pushUrl"), 60, "dies");
        await().atMost(Duration.ofSeconds(30)).until(() -> segments(id).size() >= 4);

        feed.crash(); // the encoder's machine loses power: no SIGTERM, so ffmpeg cannot unpublish
        await().atMost(Duration.ofSeconds(20)).until(() -> state(id).equals("interrupted"));
        List<Segment> before = segments(id);
        long newest = before.get(before.size() - 1).index();
        // the playlist stops advancing: it holds still for two seconds (a new segment would come within one)
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> segments(id).size() == before.size());
        assertThat(verified(id).live().ended()).isFalse();
        for (Segment s : before) {
            assertThat(s.durationMs()).as("segment %d is whole", s.index()).isBetween(900L, 1_100L);
        }

        push(ch.getString("pushUrl"), 60, "resumes");
        await().atMost(Duration.ofSeconds(30)).until(() -> segments(id).size() >= before.size() + 2);
        assertThat(state(id)).isEqualTo("on-air");
        List<Segment> after = segments(id);
        Segment first =
                after.stream().filter(s -> s.index() == newest + 1).findFirst().orElseThrow();
        assertThat(first.programDate()).isAfter(before.get(before.size() - 1).programDate());

        given().auth()
                .oauth2(Origin.operator())
                .post("/v1/live/" + id + "/stop")
                .then()
                .statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> verified(id).live().ended());
        assertThat(state(id)).isEqualTo("ended");
    }

    @Test
    void bad_channel_requests_get_problem_json() {
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body(Map.of("name", "x", "ladder", List.of("source", "360p:360:800")))
                .post("/v1/live")
                .then()
                .statusCode(400)
                .contentType("application/problem+json");
        given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body(Map.of("name", "x", "windowSeconds", 1))
                .post("/v1/live")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(Identity.subscriber())
                .contentType("application/json")
                .body(Map.of("name", "x"))
                .post("/v1/live")
                .then()
                .statusCode(403);
        given().auth().oauth2(Origin.operator()).get("/v1/live/nope").then().statusCode(404);
    }

    private static JsonPath create(String name, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("name", name);
        return given().auth()
                .oauth2(Origin.operator())
                .contentType("application/json")
                .body(body)
                .post("/v1/live")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    private ManagedProcess push(String url, int seconds, String name) {
        ManagedProcess p =
                LiveFeed.start(url, "320x180", 25, seconds, WORK.resolve(name + "-" + System.nanoTime() + ".log"));
        pushers.add(p);
        return p;
    }

    /** What ffmpeg printed when the origin refused its push (it must exit non-zero). */
    private String refusal(String url, String name) throws Exception {
        ManagedProcess p = push(url, 5, name);
        OptionalInt exit = p.awaitExit(Duration.ofSeconds(20));
        assertThat(exit).isPresent();
        assertThat(exit.getAsInt()).as("ffmpeg's exit code").isNotZero();
        return Files.readString(p.log());
    }

    private static String state(String id) {
        return given().auth()
                .oauth2(Origin.operator())
                .get("/v1/live/" + id)
                .then()
                .extract()
                .jsonPath()
                .getString("state");
    }

    private static List<Segment> segments(String id) {
        var r = given().get("/content/" + id + "/manifest.json");
        if (r.statusCode() != 200) return List.of();
        return verified(r.asByteArray())
                .rendition("source")
                .map(x -> x.segments())
                .orElse(List.of());
    }

    private static Manifest verified(String id) {
        return verified(given().get("/content/" + id + "/manifest.json")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
    }

    private static Manifest verified(byte[] envelope) {
        TrustedKeys keys = TrustedKeys.parseJwks(
                given().get("/.well-known/riffle-keys.json").asByteArray());
        return new ManifestVerifier(keys).verify(envelope);
    }
}
