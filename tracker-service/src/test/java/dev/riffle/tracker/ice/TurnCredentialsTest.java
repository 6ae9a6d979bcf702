package dev.riffle.tracker.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private static final String SECRET = "s3cret-s3cret-s3cret";
    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L, 123_000_000);

    @Test
    void usernameIsTheExpiryThenTheIdAndThePasswordIsCoturnsHmac() {
        var c = new TurnCredentials(SECRET, Duration.ofHours(1)).issue("acct", NOW);
        assertThat(c.username()).isEqualTo("1700003600:acct");
        // printf '%s' 1700003600:acct | openssl dgst -sha1 -hmac s3cret-s3cret-s3cret -binary | base64
        assertThat(c.password()).isEqualTo("wiSjcLOViILrBuhahRcu6R50YOo=");
        assertThat(c.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_700_003_600L));
    }

    @Test
    void anotherSecretGivesAnotherPassword() {
        var a = new TurnCredentials(SECRET, Duration.ofHours(1)).issue("acct", NOW);
        var b = new TurnCredentials(SECRET + "x", Duration.ofHours(1)).issue("acct", NOW);
        assertThat(a.username()).isEqualTo(b.username());
        assertThat(a.password()).isNotEqualTo(b.password());
    }

    @Test
    void neitherTheSecretNorThePasswordIsPrinted() {
        var creds = new TurnCredentials(SECRET, Duration.ofMinutes(5));
        var c = creds.issue("acct", NOW);
        assertThat(creds.toString()).doesNotContain(SECRET);
        assertThat(c.toString()).doesNotContain(c.password()).contains(c.username());
    }

    @Test
    void anIdWithTheSeparatorOrNoSecretIsRefused() {
        var creds = new TurnCredentials(SECRET, Duration.ofMinutes(5));
        assertThatThrownBy(() -> creds.issue("a:b", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> creds.issue("", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnCredentials("", Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnCredentials(SECRET, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAnswerListsStunAsIsAndTurnWithCredentialsAndTheirLifetime() {
        var servers = new IceServers(
                List.of("stun:127.0.0.1:3478"),
                List.of("turn:127.0.0.1:3478?transport=udp"),
                Optional.of(new TurnCredentials(SECRET, Duration.ofHours(1))));
        Map<String, Object> body = servers.forAccount("acct", NOW);
        assertThat(body).containsEntry("ttlSeconds", 3600L);
        @SuppressWarnings("unchecked")
        var list = (List<Map<String, Object>>) body.get("iceServers");
        assertThat(list).hasSize(2);
        assertThat(list.get(0)).isEqualTo(Map.of("urls", List.of("stun:127.0.0.1:3478")));
        assertThat(list.get(1))
                .containsEntry("urls", List.of("turn:127.0.0.1:3478?transport=udp"))
                .containsEntry("username", "1700003600:acct")
                .containsEntry("credential", "wiSjcLOViILrBuhahRcu6R50YOo=");
    }

    @Test
    void withoutTurnThereIsNoCredentialAndTurnUrlsWithoutASecretAreRefused() {
        var stunOnly = new IceServers(List.of("stun:127.0.0.1:3478"), List.of(), Optional.empty());
        assertThat(stunOnly.forAccount("acct", NOW)).doesNotContainKey("ttlSeconds");
        assertThatThrownBy(() -> new IceServers(List.of(), List.of("turn:x:1"), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceServers(List.of("http://x"), List.of(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
