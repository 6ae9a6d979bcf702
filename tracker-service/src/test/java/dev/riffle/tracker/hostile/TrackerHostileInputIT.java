package dev.riffle.tracker.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.ForgedTokens;
import dev.riffle.testkit.IdleConnections;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import dev.riffle.tracker.admission.KeycloakTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client tries against the tracker, in one place, against the real service over HTTP with tokens from
 * the real Keycloak and a real drm-license behind the stats check. Every refusal is problem JSON with a stable reason;
 * nothing hangs, nothing drops a connection without saying why, and no single subscriber can skew the figures. Elsewhere: announce and signalling parsers are fuzzed ({@code AnnounceParserFuzzTest},
 * {@code SignalCodecFuzzTest}, {@code StatsParserFuzzTest}); signalling floods ({@code SignalSocketTest}); the announce
 * fast path judging tokens like the full path ({@code KeycloakAdmissionIT}).
 */
@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
@WithTestResource(DrmLicenseResource.class)
class TrackerHostileInputIT {
    static final String ANNOUNCE = "{\"event\":\"started\",\"uploadCapacity\":1000,\"swarms\":[{\"id\":\"t-h.r720\"}]}";
    static final String STATS = "{\"entries\":[{\"title\":\"t-h\",\"bytesFromPeers\":1,\"bytesFromCdn\":1}]}";

    @TestHTTPResource("/v1/signal")
    URI signal;

    @TestHTTPResource(value = "/metrics", management = true) // under the management root, /q
    URL metrics;

    static RequestSpecification json(String token) {
        RequestSpecification r = given().contentType("application/json");
        return token == null ? r : r.auth().oauth2(token);
    }

    /** Tokens that must never get in: each gets 401 problem JSON with a Bearer challenge, on every endpoint. */
    static Map<String, String> badTokens() {
        Keycloak kc = Keycloak.shared();
        String issuer = kc.issuer().toString();
        String real = kc.userToken(RiffleRealm.ALICE);
        Map<String, Object> claims = ForgedTokens.subscriberClaims(
                issuer, OidcTokens.claims(real).get("sub").asText());
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("no token", null);
        bad.put("not a JWT", "not-a-jwt");
        bad.put("signed by another key", ForgedTokens.signedByAnotherKey(claims));
        bad.put("alg none", ForgedTokens.unsigned(claims));
        bad.put("payload altered", ForgedTokens.withPayload(real, claims));
        bad.put("other audience", kc.tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.ALICE));
        return bad;
    }

    @Test
    void invalidTokensGet401ProblemJsonWithAChallenge() {
        badTokens().forEach((what, token) -> {
            for (String[] call : new String[][] {{"/v1/announce", ANNOUNCE}, {"/v1/stats", STATS}}) {
                json(token)
                        .body(call[1])
                        .post(call[0])
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")
                        .body("reason", equalTo("unauthorized"))
                        .body("type", equalTo("https://riffle.dev/problems/unauthorized"));
            }
        });
    }

    @Test
    void aTokenIsRefusedOnceItExpires() {
        // The realm's test client issues 2-second tokens: accepted first, refused once expired.
        String token = Keycloak.shared().tokens().password(RiffleRealm.SHORT_LIVED_CLIENT, RiffleRealm.ALICE);
        json(token).body(ANNOUNCE).post("/v1/announce").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> json(token)
                        .body(ANNOUNCE)
                        .post("/v1/announce")
                        .then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .body("reason", equalTo("unauthorized")));
    }

    @Test
    void anOperatorTokenGets403ProblemJson() {
        String operator = Keycloak.shared().userToken(RiffleRealm.OLIVIA);
        for (String[] call : new String[][] {{"/v1/announce", ANNOUNCE}, {"/v1/stats", STATS}}) {
            for (int i = 0; i < 2; i++) { // the second time the token is a verified one (announce fast path)
                json(operator)
                        .body(call[1])
                        .post(call[0])
                        .then()
                        .statusCode(403)
                        .contentType("application/problem+json")
                        .body("reason", equalTo("forbidden"));
            }
        }
    }

    @Test
    void oversizedSignallingMessagesAreClosedWith1009NotDropped() throws Exception {
        String token = Keycloak.shared().userToken(RiffleRealm.BOB);
        for (int size : new int[] {65_600, 70_000, 1_000_000}) {
            try (RawWebSocket ws = RawWebSocket.open(signal, token)) {
                ws.sendFrame("x".repeat(size).getBytes(StandardCharsets.US_ASCII), true, true);
                assertThat(ws.closeCode()).as("one frame of %d bytes", size).isEqualTo(1009);
            }
        }
        for (int fragments : new int[] {2, 40}) {
            try (RawWebSocket ws = RawWebSocket.open(signal, token)) {
                for (int i = 0; i < fragments; i++) {
                    ws.sendFrame("x".repeat(60_000).getBytes(StandardCharsets.US_ASCII), i == 0, i == fragments - 1);
                }
                assertThat(ws.closeCode())
                        .as("%d fragments of 60000 bytes", fragments)
                        .isEqualTo(1009);
            }
        }
    }

    static RequestSpecification license(String token) {
        return given().baseUri(DrmLicenseResource.url)
                .contentType("application/json")
                .auth()
                .oauth2(token);
    }

    @Test
    void oneSubscriberCannotPoisonTheStats() {
        String title = "t-real-" + Long.toHexString(System.nanoTime());
        String origin = Keycloak.shared().originToken();
        license(origin).put("/v1/packager/titles/{t}/key", title).then().statusCode(201);
        license(origin)
                .body("{\"requiredPlan\":\"basic\",\"sizeBytes\":50000000}")
                .put("/v1/packager/titles/{t}/policy", title)
                .then()
                .statusCode(200);
        String carol = Keycloak.shared().userToken(RiffleRealm.CAROL);
        license(carol)
                .body("{\"titleId\":\"" + title + "\"}")
                .post("/v1/sessions")
                .then()
                .statusCode(201);

        // Two reports of 32 made-up titles: none holds a license session, none takes a label.
        for (int report = 0; report < 2; report++) {
            StringBuilder junk = new StringBuilder("{\"entries\":[");
            for (int i = 0; i < 32; i++) {
                junk.append(i == 0 ? "" : ",")
                        .append("{\"title\":\"junk-")
                        .append(report)
                        .append('-')
                        .append(i)
                        .append("\",\"bytesFromPeers\":1000,\"bytesFromCdn\":1}");
            }
            json(carol)
                    .body(junk.append("]}").toString())
                    .post("/v1/stats")
                    .then()
                    .statusCode(202)
                    .body("accepted", equalTo(0))
                    .body("dropped", equalTo(32));
        }
        // The real title counts, under its own name.
        json(carol)
                .body("{\"entries\":[{\"title\":\"" + title
                        + "\",\"bytesFromPeers\":3000000,\"bytesFromCdn\":1000000}]}")
                .post("/v1/stats")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));
        var stats =
                given().get("/v1/stats?top=50").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getList("titles.title", String.class)).contains(title).noneMatch(t -> t.startsWith("junk-"));
        double offload = stats.getDouble("totals.offloadRatio");

        // One report of a terabyte from peers: implausible for a 50 MB title a few seconds into its session.
        json(carol)
                .body("{\"entries\":[{\"title\":\"" + title + "\",\"bytesFromPeers\":1099511627776}]}")
                .post("/v1/stats")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(0))
                .body("dropped", equalTo(1));
        assertThat(given().get("/v1/stats").then().extract().jsonPath().getDouble("totals.offloadRatio"))
                .isEqualTo(offload);

        String exposed = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(exposed)
                .containsPattern(
                        "riffle_tracker_stats_dropped_total\\{reason=\"no-license-session\"} (6[4-9]|[7-9][0-9]|[0-9]{3,})")
                .contains("riffle_tracker_stats_dropped_total{reason=\"implausible-bytes\"}");
    }

    @Test
    void metricsAndHealthAreNotServedOnThePublicPort() {
        // Per-title figures were readable by anyone at /q/metrics, whatever riffle.tracker.stats.public-read said.
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready"}) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("reason", equalTo("not-found"));
        }
        given().get(metrics).then().statusCode(200).body(org.hamcrest.Matchers.containsString("riffle_tracker_"));
    }

    @Test
    void tooManyRequestsSayWhenToComeBack() {
        String dave = Keycloak.shared().userToken(RiffleRealm.DAVE);
        for (String[] call : new String[][] {{"/v1/announce", ANNOUNCE, "60"}, {"/v1/stats", STATS, "40"}}) {
            io.restassured.response.ExtractableResponse<?> limited = null;
            for (int i = 0; i < Integer.parseInt(call[2]) && limited == null; i++) {
                var r = json(dave).body(call[1]).post(call[0]).then().extract();
                if (r.statusCode() == 429) limited = r;
            }
            assertThat(limited).as("%s is rate limited", call[0]).isNotNull();
            assertThat(limited.contentType()).startsWith("application/problem+json");
            assertThat(limited.jsonPath().getString("reason")).isEqualTo("rate-limited");
            assertThat(Integer.parseInt(limited.header("Retry-After")))
                    .as(call[0])
                    .isBetween(1, 60);
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        // half a request, then silence: Quarkus alone would keep this socket for 30 minutes
        assertThat(IdleConnections.closedAfter(
                        io.restassured.RestAssured.port,
                        "GET /v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n",
                        java.time.Duration.ofSeconds(60)))
                .isLessThan(java.time.Duration.ofSeconds(45));
    }
}
