package dev.riffle.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignedInTest {
    private static String jwt(String claims) {
        var b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void theAccountIsNamedFromTheTokensClaims() {
        assertThat(SignedIn.of(jwt("{\"sub\":\"u-1\",\"preferred_username\":\"viewer-01\",\"exp\":1800000000}")))
                .contains(new SignedIn("viewer-01", Instant.ofEpochSecond(1_800_000_000L)));
        assertThat(SignedIn.of(jwt("{\"sub\":\"u-1\"}"))).contains(new SignedIn("u-1", null));
    }

    @Test
    void somethingThatIsNotAJwtNamesNoOne() {
        assertThat(SignedIn.of(null)).isEmpty();
        assertThat(SignedIn.of("opaque-token")).isEmpty();
        assertThat(SignedIn.of("a.%%%.c")).isEmpty();
        assertThat(SignedIn.of(jwt("[1]"))).isEmpty();
        assertThat(SignedIn.of(jwt("{\"exp\":1}"))).isEmpty();
    }
}
