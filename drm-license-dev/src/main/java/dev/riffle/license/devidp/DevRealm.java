package dev.riffle.license.devidp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The users, clients, roles and mapped claims of a Keycloak realm export ({@code deploy/keycloak/riffle-realm.json}),
 * read so the development issuer issues the same tokens Keycloak would.
 */
public record DevRealm(String name, Map<String, Client> clients, Map<String, User> users) {

    /**
     * A client: whether public, its secret, grants (device grant: attribute
     * {@code oauth2.device.authorization.grant.enabled}), whether PKCE S256 is required ({@code
     * pkce.code.challenge.method}, which Keycloak applies to the device grant too), whether its tokens carry the audience, which attributes it maps. */
    public record Client(
            String clientId,
            boolean publicClient,
            Optional<String> secret,
            boolean serviceAccounts,
            boolean directGrants,
            boolean deviceGrant,
            boolean pkceRequired,
            Set<String> audiences,
            Set<String> mappedAttributes,
            Optional<Duration> accessTokenLifespan) {}

    /** A user (or a client's service account) with password, realm roles and attributes. */
    public record User(
            String username,
            Optional<String> password,
            Set<String> roles,
            Map<String, String> attributes,
            Optional<String> serviceAccountOf,
            String email) {}

    public static DevRealm read(InputStream in) {
        try {
            return parse(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read realm file", e);
        }
    }

    static DevRealm parse(JsonNode realm) {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (JsonNode c : realm.path("clients")) {
            if (c.path("bearerOnly").asBoolean(false)) {
                continue;
            }
            Set<String> audiences = new HashSet<>();
            Set<String> attributes = new HashSet<>();
            for (JsonNode m : c.path("protocolMappers")) {
                JsonNode config = m.path("config");
                switch (m.path("protocolMapper").asText()) {
                    case "oidc-audience-mapper" -> {
                        if (config.path("access.token.claim").asText("true").equals("true")) {
                            audiences.add(
                                    config.path("included.client.audience").asText());
                        }
                    }
                    case "oidc-usermodel-attribute-mapper" -> {
                        if (config.path("access.token.claim").asText("true").equals("true")
                                && config.path("user.attribute")
                                        .asText()
                                        .equals(config.path("claim.name").asText())) {
                            attributes.add(config.path("user.attribute").asText());
                        }
                    }
                    default -> {}
                }
            }
            String lifespan = c.path("attributes").path("access.token.lifespan").asText("");
            clients.put(
                    c.path("clientId").asText(),
                    new Client(
                            c.path("clientId").asText(),
                            c.path("publicClient").asBoolean(false),
                            c.hasNonNull("secret")
                                    ? Optional.of(c.path("secret").asText())
                                    : Optional.empty(),
                            c.path("serviceAccountsEnabled").asBoolean(false),
                            c.path("directAccessGrantsEnabled").asBoolean(false),
                            c.path("attributes")
                                    .path("oauth2.device.authorization.grant.enabled")
                                    .asText("false")
                                    .equals("true"),
                            c.path("attributes")
                                    .path("pkce.code.challenge.method")
                                    .asText("")
                                    .equals("S256"),
                            Set.copyOf(audiences),
                            Set.copyOf(attributes),
                            lifespan.isEmpty()
                                    ? Optional.empty()
                                    : Optional.of(Duration.ofSeconds(Long.parseLong(lifespan)))));
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (JsonNode u : realm.path("users")) {
            Optional<String> password = Optional.empty();
            for (JsonNode cred : u.path("credentials")) {
                if (cred.path("type").asText().equals("password")) {
                    password = Optional.of(cred.path("value").asText());
                }
            }
            Set<String> roles = new HashSet<>();
            u.path("realmRoles").forEach(r -> roles.add(r.asText()));
            Map<String, String> attributes = new HashMap<>();
            u.path("attributes").fields().forEachRemaining(e -> {
                if (e.getValue().isArray() && e.getValue().size() > 0) {
                    attributes.put(e.getKey(), e.getValue().get(0).asText());
                }
            });
            String serviceAccountOf = u.path("serviceAccountClientId").asText(null);
            users.put(
                    u.path("username").asText(),
                    new User(
                            u.path("username").asText(),
                            password,
                            Set.copyOf(roles),
                            Map.copyOf(attributes),
                            Optional.ofNullable(serviceAccountOf),
                            u.path("email").asText(null)));
        }
        return new DevRealm(realm.path("realm").asText(), Map.copyOf(clients), Map.copyOf(users));
    }

    public Optional<User> serviceAccountOf(String clientId) {
        return users.values().stream()
                .filter(u -> u.serviceAccountOf().map(clientId::equals).orElse(false))
                .findFirst();
    }
}
