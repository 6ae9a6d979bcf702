package dev.riffle.tracker.stats;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StatsResourceTest {
    /** Health and metrics are on the management interface, not the public port. */
    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    static String report(String peerId, String title, long peers, long cdn) {
        return """
                {%s"entries":[{"title":"%s","rendition":"720p","bytesFromPeers":%d,"bytesFromCdn":%d,
                "bytesUploaded":100,"stalls":1,"startupMs":900}]}""".formatted(peerId == null ? "" : "\"peerId\":\"" + peerId + "\",", title, peers, cdn);
    }

    static io.restassured.response.ValidatableResponse post(String subject, String body) {
        return given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body(body)
                .post("/v1/stats")
                .then();
    }

    @Test
    void reportsFeedTheJsonApiAndPrometheus() {
        given().auth()
                .oauth2(TestTokens.subscriber("stats-alice"))
                .contentType("application/json")
                .body(report(PeerIds.of("stats-alice", "0"), "title-stats-1", 3000, 1000))
                .post("/v1/stats")
                .then()
                .statusCode(202);
        given().get("/v1/stats")
                .then()
                .statusCode(200)
                .body("titles.title", hasItem("title-stats-1"))
                .body("isps.isp", hasItem("AS64512"))
                .body("regions.region", hasItem("DE-BE"))
                .body("series.size()", org.hamcrest.Matchers.greaterThan(0));
        given().get(metrics)
                .then()
                .statusCode(200)
                .body(containsString("riffle_tracker_title_bytes_total{source=\"peer\",title=\"title-stats-1\"}"))
                .body(containsString("riffle_tracker_isp_bytes_total{isp=\"AS64512\",source=\"cdn\"}"))
                .body(containsString("riffle_tracker_offload_ratio{key=\"title-stats-1\",scope=\"title\"}"))
                .body(containsString("riffle_tracker_stalls_total"))
                .body(containsString("riffle_tracker_startup_seconds_count"));
    }

    @Test
    void liveViewersShowAsTheTitlesAudienceWithTheirNewestLatency() {
        String[][] viewers = {{"stats-live-1", "4000"}, {"stats-live-1", "1500"}, {"stats-live-2", "2500"}};
        for (String[] v : viewers) {
            post(
                            v[0],
                            "{\"peerId\":\"" + PeerIds.of(v[0], "0")
                                    + "\",\"entries\":[{\"title\":\"live-stats-1\",\"rendition\":\"720p\","
                                    + "\"bytesFromPeers\":10,\"latencyMs\":" + v[1] + "}]}")
                    .statusCode(202);
        }
        // two viewers, each counted once, with its newest reading: 1.5 s and 2.5 s
        given().get("/v1/stats")
                .then()
                .statusCode(200)
                .body("titles.find { it.title == 'live-stats-1' }.viewers", equalTo(2))
                .body("titles.find { it.title == 'live-stats-1' }.latencyMsP50", equalTo(1500))
                .body("titles.find { it.title == 'live-stats-1' }.latencyMsP95", equalTo(2500));
        given().get(metrics)
                .then()
                .statusCode(200)
                .body(containsString("riffle_tracker_title_viewers{title=\"live-stats-1\"} 2.0"))
                .body(containsString(
                        "riffle_tracker_live_latency_seconds{quantile=\"0.95\",title=\"live-stats-1\"} 2.5"));
        for (String bad : new String[] {"-1", "\"2s\"", "1.5", "99999999999"}) {
            post("stats-live-3", "{\"entries\":[{\"title\":\"live-stats-1\",\"latencyMs\":" + bad + "}]}")
                    .statusCode(400)
                    .body("reason", equalTo("bad-field"));
        }
    }

    @Test
    void nobodyReportsForAnotherPeer() {
        given().auth()
                .oauth2(TestTokens.subscriber("stats-mallory"))
                .contentType("application/json")
                .body(report(PeerIds.of("stats-alice", "0"), "t", 1, 1))
                .post("/v1/stats")
                .then()
                .statusCode(403)
                .body("reason", equalTo("peer-id-not-yours"));
    }

    @Test
    void badReportsAreProblems() {
        given().auth()
                .oauth2(TestTokens.subscriber("stats-bob"))
                .contentType("application/json")
                .body("{\"entries\":[{\"title\":\"t\",\"bytesFromPeers\":-5}]}")
                .post("/v1/stats")
                .then()
                .statusCode(400)
                .body("reason", equalTo("bad-field"));
        given().contentType("application/json")
                .body(report(null, "t", 1, 1))
                .post("/v1/stats")
                .then()
                .statusCode(401);
    }

    @Test
    void theDashboardIsServedWithoutExternalScripts() {
        given().get("/ops/index.html")
                .then()
                .statusCode(200)
                .body(containsString("chart-offload"))
                .body(not(containsString("http://")), not(containsString("https://")));
        given().get("/ops/ops.js").then().statusCode(200).body(containsString("/v1/stats"));
    }

    @Test
    void rejectionsAreCountedByReason() {
        given().auth()
                .oauth2(TestTokens.subscriber("stats-carol"))
                .contentType("application/json")
                .body("{")
                .post("/v1/stats")
                .then()
                .statusCode(400);
        given().get(metrics).then().body(containsString("riffle_tracker_rejections_total{reason=\"malformed-json\"}"));
    }
}
