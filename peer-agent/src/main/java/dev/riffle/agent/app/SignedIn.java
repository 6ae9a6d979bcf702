package dev.riffle.agent.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Who the agent acts for, as the page shows it: the name and expiry read from the access token's claims. The token
 * itself never leaves the agent; nothing here checks its signature (the servers do), it only names the account.
 * Pure.
 *
 * @param name {@code preferred_username}, else {@code email}, else {@code sub}
 * @param expiresAt the token's {@code exp}, or null if it has none
 */
public record SignedIn(String name, Instant expiresAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The account of a JWT access token; empty if it is not a JWT or names no one. */
    public static Optional<SignedIn> of(String token) {
        if (token == null) return Optional.empty();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) return Optional.empty();
        JsonNode claims;
        try {
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return Optional.empty();
        }
        if (claims == null || !claims.isObject()) return Optional.empty();
        String name = text(claims, "preferred_username")
                .or(() -> text(claims, "email"))
                .or(() -> text(claims, "sub"))
                .orElse(null);
        if (name == null) return Optional.empty();
        JsonNode exp = claims.get("exp");
        return Optional.of(
                new SignedIn(name, exp != null && exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null));
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }
}
