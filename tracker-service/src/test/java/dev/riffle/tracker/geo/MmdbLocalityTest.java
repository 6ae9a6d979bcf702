package dev.riffle.tracker.geo;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.riffle.tracker.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The running tracker takes a viewer's locality from real MaxMind-format databases (no CIDR override for 127.0.0.1
 * here) and ignores what the client claims, as configured by default.
 */
@QuarkusTest
@TestProfile(MmdbLocalityTest.MmdbProfile.class)
class MmdbLocalityTest {

    /** The %test profile, but with GeoLite2-ASN/City files written by {@link MmdbWriter} and no overrides. */
    public static class MmdbProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path dir = Files.createTempDirectory("riffle-mmdb-");
                dir.toFile().deleteOnExit();
                Path[] dbs = GeoFixtures.write(dir);
                dbs[0].toFile().deleteOnExit();
                dbs[1].toFile().deleteOnExit();
                return Map.of(
                        "riffle.tracker.geo.asn-db", dbs[0].toString(),
                        "riffle.tracker.geo.city-db", dbs[1].toString(),
                        "riffle.tracker.geo.overrides", "",
                        "riffle.tracker.geo.trust-client-claim", trustClaims());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String trustClaims() {
            return "false";
        }
    }

    static ValidatableResponse announceClaiming(String subject) {
        String body = "{\"event\":\"started\",\"swarms\":[{\"id\":\"geo-" + UUID.randomUUID()
                + "\"}],\"claim\":{\"asn\":7018,\"country\":\"US\",\"region\":\"CA\"}}";
        return given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body(body)
                .post("/v1/announce")
                .then()
                .statusCode(200);
    }

    @Test
    void localityComesFromTheDatabasesAndTheClaimIsIgnored() {
        announceClaiming("geo-viewer")
                .body("locality.asn", equalTo(3320))
                .body("locality.country", equalTo("DE"))
                .body("locality.region", equalTo("BE"));
    }
}
