package dev.riffle.tracker.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.OidcTokens;
import dev.riffle.testkit.RiffleRealm;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Admission against the real Keycloak: tokens of realm {@code riffle} validated by quarkus-oidc through discovery and
 * JWKS. Each check runs twice where it matters, because the second request with the same token takes the
 * verified-token fast path ({@code AnnounceFastRoute}) and must be judged exactly like the first.
 */
@QuarkusTest
@WithTestResource(KeycloakTestResource.class)
class KeycloakAdmissionIT {

    static ValidatableResponse announce(String token, String body) {
        return given().auth()
                .oauth2(token)
                .contentType("application/json")
                .body(body)
                .post("/v1/announce")
                .then();
    }

    static String started(String peerId) {
        String swarm = "kc-" + UUID.randomUUID() + ".r720";
        String pid = peerId == null ? "" : "\"peerId\":\"" + peerId + "\",";
        return "{\"event\":\"started\"," + pid + "\"uploadCapacity\":1000,\"swarms\":[{\"id\":\"" + swarm + "\"}]}";
    }

    static String subject(String token) {
        return OidcTokens.claims(token).get("sub").asText();
    }

    @Test
    void aSubscriberTokenFromKeycloakAnnouncesAsItsOwnPeer() {
        String token = Keycloak.shared().userToken(RiffleRealm.ALICE);
        String peerId = PeerIds.of(subject(token), "tv");
        for (int i = 0; i < 2; i++) {
            announce(token, started(peerId))
                    .statusCode(200)
                    .body("peerId", equalTo(peerId))
                    .body("swarms[0].status", equalTo("ok"));
        }
    }

    @Test
    void anotherAccountCannotUseSomeoneElsesPeerId() {
        String alice = Keycloak.shared().userToken(RiffleRealm.ALICE);
        String bob = Keycloak.shared().userToken(RiffleRealm.BOB);
        String alicesPeer = PeerIds.of(subject(alice), "0");
        announce(bob, started(null)).statusCode(200); // bob's token is now known to the fast path
        for (int i = 0; i < 2; i++) {
            announce(bob, started(alicesPeer)).statusCode(403).body("reason", equalTo("peer-id-not-yours"));
        }
    }

    @Test
    void aForgedTokenIsUnauthorizedEvenAfterTheGenuineOneWasAccepted() throws Exception {
        String token = Keycloak.shared().userToken(RiffleRealm.CAROL);
        announce(token, started(null)).statusCode(200);
        String[] parts = token.split("\\.");
        ObjectNode claims = (ObjectNode) OidcTokens.claims(token);
        claims.put("sub", subject(Keycloak.shared().userToken(RiffleRealm.ALICE)));
        String payload = claims.toString();
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        for (int i = 0; i < 2; i++) {
            announce(forged, started(null)).statusCode(401);
        }
        announce(token.substring(0, token.length() - 4) + "AAAA", started(null)).statusCode(401);
        announce(
                        Keycloak.shared().tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.CAROL),
                        started(null))
                .statusCode(401);
    }

    @Test
    void anExpiredTokenIsUnauthorizedEvenThoughItWasAcceptedBefore() {
        String token = Keycloak.shared().tokens().password(RiffleRealm.SHORT_LIVED_CLIENT, RiffleRealm.DAVE);
        Instant expiry = OidcTokens.expiry(token); // 2 s after it was issued
        announce(token, started(null)).statusCode(200); // accepted, so remembered by the fast path
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> announce(token, started(null)).statusCode(401));
        assertThat(Instant.now()).as("refused no sooner than its expiry").isAfterOrEqualTo(expiry);
    }

    @Test
    void aTokenWithoutTheSubscriberRoleIsForbidden() {
        String operator = Keycloak.shared().userToken(RiffleRealm.OLIVIA);
        for (int i = 0; i < 2; i++) {
            announce(operator, started(null)).statusCode(403);
        }
    }
}
