package dev.riffle.tracker.ice;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IceServersResourceTest {

    @Test
    void aSubscriberGetsStunAndTurnWithCredentialsNamingItsAccountTag() {
        String tag = PeerIds.accountTag("ice-alice");
        given().auth()
                .oauth2(TestTokens.subscriber("ice-alice"))
                .get("/v1/ice-servers")
                .then()
                .statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("no-store"))
                .body("iceServers[0].urls[0]", equalTo("stun:127.0.0.1:3478"))
                .body("iceServers[1].urls[0]", equalTo("turn:127.0.0.1:3478?transport=udp"))
                .body("iceServers[1].username", matchesPattern("\\d{10}:" + Pattern.quote(tag)))
                .body("iceServers[1].credential", matchesPattern("[A-Za-z0-9+/]{27}="))
                .body("ttlSeconds", equalTo(3600));
    }

    @Test
    void withoutATokenThereAreNoCredentials() {
        given().get("/v1/ice-servers").then().statusCode(401);
    }
}
