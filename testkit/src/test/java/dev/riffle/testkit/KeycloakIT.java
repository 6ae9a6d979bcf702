package dev.riffle.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class KeycloakIT {
    private final Keycloak kc = Keycloak.shared();

    private static boolean hasRole(JsonNode claims, String role) {
        for (JsonNode r : claims.path("realm_access").path("roles")) {
            if (r.asText().equals(role)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasAudience(JsonNode claims, String audience) {
        JsonNode aud = claims.path("aud");
        if (aud.isTextual()) {
            return aud.asText().equals(audience);
        }
        for (JsonNode a : aud) {
            if (a.asText().equals(audience)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void subscriber_tokens_carry_plan_territory_role_and_the_services_audience() {
        JsonNode claims = OidcTokens.claims(kc.userToken(RiffleRealm.ALICE));
        assertEquals(kc.issuer().toString(), claims.path("iss").asText());
        assertEquals("premium", claims.path("plan").asText());
        assertEquals("FR", claims.path("territory").asText());
        assertTrue(hasRole(claims, "subscriber"));
        assertTrue(hasAudience(claims, RiffleRealm.AUDIENCE));
        assertFalse(claims.path("sub").asText().isEmpty());

        JsonNode bob = OidcTokens.claims(kc.userToken(RiffleRealm.BOB));
        assertEquals("basic", bob.path("plan").asText());
        assertEquals("DE", bob.path("territory").asText());
    }

    @Test
    void origin_service_account_has_the_packager_role() {
        JsonNode claims = OidcTokens.claims(kc.originToken());
        assertTrue(hasRole(claims, "packager"));
        assertTrue(hasAudience(claims, RiffleRealm.AUDIENCE));
    }

    @Test
    void operator_and_test_clients() {
        assertTrue(hasRole(OidcTokens.claims(kc.userToken(RiffleRealm.OLIVIA)), "operator"));
        JsonNode other = OidcTokens.claims(kc.tokens().password(RiffleRealm.OTHER_AUDIENCE_CLIENT, RiffleRealm.BOB));
        assertFalse(hasAudience(other, RiffleRealm.AUDIENCE));
        JsonNode shortLived = OidcTokens.claims(kc.tokens().password(RiffleRealm.SHORT_LIVED_CLIENT, RiffleRealm.BOB));
        assertTrue(shortLived.path("exp").asLong() - shortLived.path("iat").asLong() <= 2);
    }

    @Test
    void wrong_password_is_refused() {
        assertThrows(
                IllegalStateException.class, () -> kc.tokens().password(RiffleRealm.AGENT_CLIENT, "alice", "wrong"));
    }

    @Test
    void shared_returns_the_same_server() {
        assertEquals(kc.baseUrl(), Keycloak.shared().baseUrl());
        assertTrue(kc.isAlive());
    }
}
