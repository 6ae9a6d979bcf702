package dev.riffle.servicekit.production;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The credentials production refuses are exactly those the realm file publishes. */
class PublishedCredentialsTest {
    static final Path REALM = Path.of("../deploy/keycloak/riffle-realm.json");

    @Test
    void theListMatchesTheRealmFile() throws Exception {
        JsonNode realm = new ObjectMapper().readTree(REALM.toFile());
        List<PublishedCredentials.User> users = new ArrayList<>();
        for (JsonNode u : realm.path("users")) {
            for (JsonNode c : u.path("credentials")) {
                if (c.path("type").asText().equals("password")) {
                    users.add(new PublishedCredentials.User(
                            u.path("username").asText(), c.path("value").asText()));
                }
            }
        }
        assertThat(PublishedCredentials.TEST_USERS).containsExactlyInAnyOrderElementsOf(users);
        List<String> passwordClients = new ArrayList<>();
        String originSecret = null;
        for (JsonNode c : realm.path("clients")) {
            if (c.path("publicClient").asBoolean()
                    && c.path("directAccessGrantsEnabled").asBoolean()) {
                passwordClients.add(c.path("clientId").asText());
            }
            if (c.path("clientId").asText().equals(PublishedCredentials.ORIGIN_CLIENT)) {
                originSecret = c.path("secret").asText();
            }
        }
        assertThat(PublishedCredentials.PASSWORD_CLIENTS).containsExactlyInAnyOrderElementsOf(passwordClients);
        assertThat(PublishedCredentials.ORIGIN_SECRET).isEqualTo(originSecret);
    }
}
