package dev.riffle.tracker.hostile;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.testkit.ForgedTokens;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import dev.riffle.tracker.admission.KeycloakTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client tries against the tracker, in one place, against the real service over HTTP with tokens from
 * the real Keycloak. Every refusal is problem JSON with a stable reason; nothing hangs, nothing drops a connection
 * without saying why. Elsewhere: announce and signalling parsers are fuzzed ({@code AnnounceParserFuzzTest},
 * {@code SignalCodecFuzzTest}, {@code StatsParserFuzzTest}); signalling floods ({@code SignalSocketTest}); the announce
 * fast path judging tokens like the full path ({@code KeycloakAdmissionIT}).
 */
@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class TrackerHostileInputIT {
    static final String ANNOUNCE = "{\"event\":\"started\",\"uploadCapacity\":1000,\"swarms\":[{\"id\":\"t-h.r720\"}]}";
    static final String STATS = "{\"entries\":[{\"title\":\"t-h\",\"bytesFromPeers\":1,\"bytesFromCdn\":1}]}";

    @TestHTTPResource("/v1/signal")
    URI signal;

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
}
