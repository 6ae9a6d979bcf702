package dev.riffle.tracker.polluter;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PolluterResourceTest {
    static final String EXPECTED = "a".repeat(64);
    static final String RECEIVED = "b".repeat(64);

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    static String swarm() {
        return "t-" + UUID.randomUUID() + ".r720";
    }

    static List<String> peersSeenBy(String subject, String swarm) {
        return given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body("""
                        {"event":"started","uploadCapacity":2000000,"swarms":[{"id":"%s","playhead":1,"have":[[0,9]]}]}""".formatted(swarm))
                .post("/v1/announce")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("swarms[0].peers.peerId", String.class);
    }

    static ValidatableResponse report(String subject, String reporter, String offender, String swarm) {
        return given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body("""
                        {"peerId":"%s","offender":"%s","swarm":"%s","segment":4,"expected":"%s","received":"%s"}""".formatted(reporter, offender, swarm, EXPECTED, RECEIVED))
                .post("/v1/reports/polluters")
                .then();
    }

    @Test
    void aPeerReportedByThreeAccountsIsNoLongerHandedOutButOneAccountAloneCannotGetThere() {
        String s = swarm();
        String polluter = PeerIds.of("pol-mallory", "0");
        peersSeenBy("pol-mallory", s);
        // four peers: each answer holds the three others (at most 3 per /24 in one answer, and all are on 127.0.0.1)
        for (String viewer : List.of("pol-a", "pol-b", "pol-c")) peersSeenBy(viewer, s);

        // one account, reporting again and again from its device: the polluter stays in answers
        for (int i = 0; i < 5; i++)
            report("pol-a", PeerIds.of("pol-a", "0"), polluter, s).statusCode(202);
        report("pol-b", PeerIds.of("pol-b", "0"), polluter, s).statusCode(202);
        org.hamcrest.MatcherAssert.assertThat(peersSeenBy("pol-b", s), hasItem(polluter));

        report("pol-c", PeerIds.of("pol-c", "0"), polluter, s).statusCode(202);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(
                        () -> org.hamcrest.MatcherAssert.assertThat(peersSeenBy("pol-b", s), not(hasItem(polluter))));
        org.hamcrest.MatcherAssert.assertThat(peersSeenBy("pol-a", s), not(hasItem(polluter)));

        given().get(metrics)
                .then()
                .statusCode(200)
                .body(containsString("riffle_tracker_polluter_reports_total{outcome=\"counted\"}"))
                .body(containsString("riffle_tracker_polluter_exclusions_total"));
    }

    @Test
    void aReportInTheNameOfAnotherAccountIsForgedAndRefused() {
        String s = swarm();
        peersSeenBy("forge-victim", s);
        peersSeenBy("forge-mallory", s);
        report("forge-mallory", PeerIds.of("forge-honest", "0"), PeerIds.of("forge-victim", "0"), s)
                .statusCode(403)
                .contentType(containsString("application/problem+json"))
                .body("reason", equalTo("peer-id-not-yours"));
    }

    @Test
    void anAccountCannotReportItsOwnOtherSession() {
        String s = swarm();
        peersSeenBy("self-reporter", s);
        String otherSession = PeerIds.forSession("self-reporter", "0", new java.util.Random(1));
        report("self-reporter", PeerIds.of("self-reporter", "0"), otherSession, s)
                .statusCode(400)
                .body("reason", equalTo("self-report"));
    }

    @Test
    void nobodyReportsAPeerOutsideItsSwarm() {
        String s = swarm();
        peersSeenBy("outside-reporter", s);
        report("outside-reporter", PeerIds.of("outside-reporter", "0"), PeerIds.of("outside-never-met", "0"), s)
                .statusCode(409)
                .body("reason", equalTo("not-in-swarm"));
    }

    @Test
    void malformedReportsAreProblemsWithAReason() {
        given().auth()
                .oauth2(TestTokens.subscriber("malformed"))
                .contentType("application/json")
                .body("{\"peerId\":")
                .post("/v1/reports/polluters")
                .then()
                .statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("reason", equalTo("bad-json"));
        given().auth()
                .oauth2(TestTokens.subscriber("malformed"))
                .contentType("application/json")
                .body("""
                        {"peerId":"%s","offender":"%s","swarm":"s","segment":1,"expected":"%s","received":"%s"}""".formatted(PeerIds.of("malformed", "0"), PeerIds.of("other", "0"), EXPECTED, EXPECTED))
                .post("/v1/reports/polluters")
                .then()
                .statusCode(400)
                .body("reason", equalTo("no-mismatch"));
        given().contentType("application/json")
                .body("{}")
                .post("/v1/reports/polluters")
                .then()
                .statusCode(401);
    }
}
