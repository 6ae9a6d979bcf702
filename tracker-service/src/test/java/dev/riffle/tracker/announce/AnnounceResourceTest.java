package dev.riffle.tracker.announce;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AnnounceResourceTest {

    @Inject
    AnnounceFastRoute fastRoute;

    static String swarm() {
        return "t-" + UUID.randomUUID() + ".r720";
    }

    static ValidatableResponse announce(String token, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/v1/announce")
                .then();
    }

    static String started(String swarm) {
        return """
                {"event":"started","uploadCapacity":2000000,"swarms":[{"id":"%s","playhead":3,"have":[[0,20]]}]}""".formatted(swarm);
    }

    @Test
    void aViewerGetsTheOtherPeersOfItsSwarmFromItsOwnIspFirst() {
        String s = swarm();
        announce(TestTokens.subscriber("alice"), started(s)).statusCode(200);
        announce(TestTokens.subscriber("bob"), started(s))
                .statusCode(200)
                .body("peerId", equalTo(PeerIds.of("bob", "0")))
                .body(
                        "interval",
                        org.hamcrest.Matchers.allOf(
                                org.hamcrest.Matchers.greaterThanOrEqualTo(54), lessThanOrEqualTo(66)))
                .body("locality.asn", equalTo(64512))
                .body("locality.region", equalTo("BE"))
                .body("swarms[0].status", equalTo("ok"))
                .body("swarms[0].size", equalTo(2))
                .body("swarms[0].peers.peerId", contains(PeerIds.of("alice", "0")))
                .body("swarms[0].peers[0].tier", equalTo("isp-region"))
                .body("swarms[0].peers[0].have[0]", contains(0, 20));
    }

    /** Locality comes from the socket's address: a client cannot pick its ISP/region with a forwarding header. */
    @Test
    void forwardingHeadersDoNotChangeTheObservedAddress() {
        String token = TestTokens.subscriber("mallory-forwarded");
        String s = swarm();
        // the first announce with a new token takes the JAX-RS path, the second the fast route: both must ignore them
        for (int i = 0; i < 2; i++) {
            given().auth()
                    .oauth2(token)
                    .header("X-Forwarded-For", "10.9.9.9")
                    .header("Forwarded", "for=10.9.9.9")
                    .header("X-Real-IP", "10.9.9.9")
                    .contentType("application/json")
                    .body(started(s))
                    .post("/v1/announce")
                    .then()
                    .statusCode(200)
                    .body("locality.asn", equalTo(64512))
                    .body("locality.region", equalTo("BE"));
        }
    }

    @Test
    void stoppedLeavesTheSwarm() {
        String s = swarm();
        announce(TestTokens.subscriber("carol"), started(s)).statusCode(200);
        announce(TestTokens.subscriber("carol"), started(s).replace("started", "stopped"))
                .statusCode(200)
                .body("swarms[0].status", equalTo("left"));
        announce(TestTokens.subscriber("dave"), started(s)).statusCode(200).body("swarms[0].peers", hasSize(0));
    }

    @Test
    void anUpdateForAnUnknownSwarmIsANotFoundProblem() {
        announce(TestTokens.subscriber("erin"), started(swarm()).replace("started", "update"))
                .statusCode(404)
                .contentType("application/problem+json")
                .body("reason", equalTo("unknown-swarm"))
                .body("detail", containsString("event=started"));
    }

    @Test
    void aPeerIdOfAnotherAccountIsRefused() {
        String body = """
                {"event":"started","peerId":"%s","swarms":[{"id":"%s"}]}""".formatted(PeerIds.of("alice", "tv"), swarm());
        announce(TestTokens.subscriber("mallory"), body).statusCode(403).body("reason", equalTo("peer-id-not-yours"));
    }

    @Test
    void anAccountMayUseSeveralDevices() {
        String body = """
                {"event":"started","peerId":"%s","swarms":[{"id":"%s"}]}""".formatted(PeerIds.of("frank", "tv"), swarm());
        announce(TestTokens.subscriber("frank"), body)
                .statusCode(200)
                .body("peerId", equalTo(PeerIds.of("frank", "tv")));
    }

    @Test
    void malformedAnnouncesAreBadRequestsWithAReason() {
        String token = TestTokens.subscriber("grace");
        for (List<String> c : List.of(
                List.of("{", "malformed-json"),
                List.of("[]", "malformed-json"),
                List.of("{\"swarms\":[{\"id\":\"a\"}]}", "missing-field"),
                List.of("{\"event\":\"paused\",\"swarms\":[{\"id\":\"a\"}]}", "bad-field"),
                List.of("{\"event\":\"started\",\"swarms\":[]}", "bad-field"),
                List.of("{\"event\":\"started\",\"swarms\":[{\"id\":\"a b\"}]}", "bad-swarm-id"),
                List.of("{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"have\":[[5,1]]}]}", "bad-field"),
                List.of("{\"event\":\"started\",\"uploadCapacity\":-1,\"swarms\":[{\"id\":\"a\"}]}", "bad-field"))) {
            announce(token, c.get(0))
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("reason", equalTo(c.get(1)))
                    .body("type", containsString(c.get(1)))
                    .body("status", equalTo(400));
        }
    }

    @Test
    void withoutAValidTokenNobodyAnnounces() {
        String body = started(swarm());
        given().contentType("application/json")
                .body(body)
                .post("/v1/announce")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2("not-a-jwt")
                .contentType("application/json")
                .body(body)
                .post("/v1/announce")
                .then()
                .statusCode(401);
        announce(TestTokens.token("heidi", List.of("subscriber"), "some-other-service", 600), body)
                .statusCode(401);
        announce(TestTokens.token("heidi", List.of("operator"), "riffle-services", 600), body)
                .statusCode(403);
    }

    @Test
    void anAccountOverItsRateIsTooManyRequests() {
        String token = TestTokens.subscriber("ivan");
        String body = started(swarm());
        int limited = 0;
        for (int i = 0; i < 60; i++) {
            int status = given().auth()
                    .oauth2(token)
                    .contentType("application/json")
                    .body(body)
                    .post("/v1/announce")
                    .statusCode();
            if (status == 429) {
                limited++;
            }
        }
        org.assertj.core.api.Assertions.assertThat(limited).isGreaterThan(0);
        announce(TestTokens.subscriber("judy"), body).statusCode(200);
    }

    @Test
    void aTokenSeenBeforeTakesTheFastPathAndGetsTheSameAnswer() {
        String token = TestTokens.subscriber("kim");
        String s = swarm();
        long before = fastRoute.answered();
        for (int i = 0; i < 3; i++) {
            announce(token, started(s))
                    .statusCode(200)
                    .contentType("application/json")
                    .body("peerId", equalTo(PeerIds.of("kim", "0")))
                    .body("locality.asn", equalTo(64512))
                    .body("swarms[0].status", equalTo("ok"))
                    .body("swarms[0].size", equalTo(1));
        }
        // the first went through quarkus-oidc and the resource; the other two were answered by the fast route
        org.assertj.core.api.Assertions.assertThat(fastRoute.answered() - before)
                .isEqualTo(2);
        announce(token, "{").statusCode(400).contentType("application/problem+json");
        announce(
                        token,
                        "{\"event\":\"started\",\"peerId\":\"" + PeerIds.of("alice", "0")
                                + "\",\"swarms\":[{\"id\":\"a\"}]}")
                .statusCode(403)
                .body("reason", equalTo("peer-id-not-yours"));
        given().auth()
                .oauth2(token)
                .contentType("text/plain")
                .body(started(s))
                .post("/v1/announce")
                .then()
                .statusCode(415);
        given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(started(s).replace("}]}", "}],\"pad\":\"" + "x".repeat(70_000) + "\"}"))
                .post("/v1/announce")
                .then()
                .statusCode(413);
    }

    @Test
    void expiredForgedAndRoleLessTokensAreRefusedEveryTime() throws Exception {
        String body = started(swarm());
        String expired = TestTokens.token("lena", List.of("subscriber"), "riffle-services", -120);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        String good = TestTokens.subscriber("lena");
        announce(good, body).statusCode(200); // lena's genuine token is now known to the fast path
        String[] parts = good.split("\\.");
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        jws.setKey(gen.generateKeyPair().getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        String otherKey = jws.getCompactSerialization();
        String operator = TestTokens.token("lena", List.of("operator"), "riffle-services", 600);
        for (int i = 0; i < 2; i++) {
            announce(expired, body).statusCode(401);
            announce(otherKey, body).statusCode(401);
            announce(good.substring(0, good.length() - 2) + "xx", body).statusCode(401);
            announce(operator, body).statusCode(403);
        }
        announce(good, body).statusCode(200);
    }
}
