package dev.riffle.tracker.geo;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With {@code riffle.tracker.geo.trust-client-claim=true} (and only then) the client's claim replaces the lookup. */
@QuarkusTest
@TestProfile(TrustedClaimTest.TrustingProfile.class)
class TrustedClaimTest {

    public static class TrustingProfile extends MmdbLocalityTest.MmdbProfile {
        @Override
        String trustClaims() {
            return "true";
        }
    }

    @Test
    void aTrustedClaimIsUsed() {
        MmdbLocalityTest.announceClaiming("claimer")
                .body("locality.asn", equalTo(7018))
                .body("locality.country", equalTo("US"))
                .body("locality.region", equalTo("CA"));
    }
}
