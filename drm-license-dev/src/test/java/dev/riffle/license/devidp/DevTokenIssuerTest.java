package dev.riffle.license.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class DevTokenIssuerTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    final DevRealm realm = load();
    final DevTokenIssuer issuer = new DevTokenIssuer(InstantSource.fixed(NOW), Duration.ofMinutes(15));

    static DevRealm load() {
        try (InputStream in = DevTokenIssuerTest.class.getResourceAsStream("/devidp/riffle-realm.json")) {
            return DevRealm.read(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode claims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return new ObjectMapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    @Test
    void reads_the_users_and_clients_of_the_realm_file() {
        assertThat(realm.name()).isEqualTo("riffle");
        assertThat(realm.users()).containsKeys("alice", "bob", "carol", "dave", "olivia");
        assertThat(realm.users().get("alice").attributes())
                .containsEntry("plan", "premium")
                .containsEntry("territory", "FR");
        assertThat(realm.clients().get("riffle-agent").audiences()).containsExactly("riffle-services");
        assertThat(realm.clients().get("riffle-test-other-audience").audiences())
                .isEmpty();
        assertThat(realm.clients()).doesNotContainKey("riffle-services");
        assertThat(realm.serviceAccountOf("riffle-origin").orElseThrow().roles())
                .containsExactly("packager");
    }

    @Test
    void user_tokens_look_like_keycloaks() throws Exception {
        DevTokenIssuer.Issued t = issuer.issue(
                "http://x/dev-idp", realm.users().get("bob"), realm.clients().get("riffle-agent"));
        JsonNode c = claims(t.accessToken());
        assertThat(t.expiresIn()).isEqualTo(900);
        assertThat(c.path("iss").asText()).isEqualTo("http://x/dev-idp");
        assertThat(c.path("aud").asText()).isEqualTo("riffle-services");
        assertThat(c.path("plan").asText()).isEqualTo("basic");
        assertThat(c.path("territory").asText()).isEqualTo("DE");
        assertThat(c.path("realm_access").path("roles").get(0).asText()).isEqualTo("subscriber");
        assertThat(c.path("sub").asText()).isEqualTo(DevTokenIssuer.subject("bob"));
        assertThat(c.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 900);
    }

    @Test
    void client_lifespan_and_missing_audience_follow_the_realm() throws Exception {
        JsonNode shortLived = claims(
                issuer.issue("i", realm.users().get("bob"), realm.clients().get("riffle-test-short-lived"))
                        .accessToken());
        assertThat(shortLived.path("exp").asLong() - shortLived.path("iat").asLong())
                .isEqualTo(2);
        JsonNode other = claims(
                issuer.issue("i", realm.users().get("bob"), realm.clients().get("riffle-test-other-audience"))
                        .accessToken());
        assertThat(other.has("aud")).isFalse();
    }
}
