package dev.riffle.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Access tokens a hostile client would try: well-formed and shaped like Keycloak's (issuer, audience, roles, plan), but
 * signed by a key the issuer never had, or not signed at all ({@code alg: none}). Every service must answer them 401.
 */
public final class ForgedTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {}

    /** Claims of a subscriber token of {@code issuer}: audience, role, premium plan, territory FR, 5 minutes left. */
    public static Map<String, Object> subscriberClaims(String issuer, String subject) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", issuer);
        c.put("sub", subject);
        c.put("aud", RiffleRealm.AUDIENCE);
        c.put("azp", RiffleRealm.AGENT_CLIENT);
        c.put("iat", now);
        c.put("exp", now + 300);
        c.put("typ", "Bearer");
        c.put("realm_access", Map.of("roles", List.of("subscriber", "operator", "packager")));
        c.put("plan", "premium");
        c.put("territory", "FR");
        return c;
    }

    /** RS256 with a fresh key pair the issuer has never seen; {@code kid} names no key of the issuer. */
    public static String signedByAnotherKey(Map<String, Object> claims) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair pair = g.generateKeyPair();
            String signingInput = part(Map.of("alg", "RS256", "typ", "JWT", "kid", "forged")) + "." + part(claims);
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(pair.getPrivate());
            s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none} and an empty signature. */
    public static String unsigned(Map<String, Object> claims) {
        return part(Map.of("alg", "none", "typ", "JWT")) + "." + part(claims) + ".";
    }

    /** A real token with its payload replaced by {@code claims} (the signature no longer matches). */
    public static String withPayload(String realToken, Map<String, Object> claims) {
        String[] parts = realToken.split("\\.");
        return parts[0] + "." + part(claims) + "." + (parts.length > 2 ? parts[2] : "");
    }

    private static String part(Map<String, Object> json) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
