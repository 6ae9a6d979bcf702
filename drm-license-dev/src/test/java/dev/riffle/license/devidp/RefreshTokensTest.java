package dev.riffle.license.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RefreshTokensTest {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    final RefreshTokens tokens = new RefreshTokens(() -> now, new SplittableRandom(2), Duration.ofHours(1));

    @Test
    void a_refresh_token_works_once_for_its_own_client_until_it_expires() {
        String t = tokens.issue("carol", "riffle-agent");
        assertThat(tokens.redeem(t, "riffle-test-short-lived")).isEmpty();
        assertThat(tokens.redeem(t, "riffle-agent").orElseThrow().username()).isEqualTo("carol");
        assertThat(tokens.redeem(t, "riffle-agent")).as("rotated: single use").isEmpty();

        String late = tokens.issue("carol", "riffle-agent");
        now = now.plus(Duration.ofHours(1));
        assertThat(tokens.redeem(late, "riffle-agent")).isEmpty();
        assertThat(tokens.redeem(null, "riffle-agent")).isEmpty();
        assertThat(tokens.redeem("made-up", "riffle-agent")).isEmpty();
    }

    @Test
    void live_tokens_are_bounded_and_the_oldest_goes_first() {
        String first = tokens.issue("carol", "riffle-agent");
        String last = null;
        for (int i = 0; i < RefreshTokens.MAX; i++) last = tokens.issue("carol", "riffle-agent");
        assertThat(tokens.redeem(first, "riffle-agent")).isEmpty();
        assertThat(tokens.redeem(last, "riffle-agent")).isPresent();
    }
}
