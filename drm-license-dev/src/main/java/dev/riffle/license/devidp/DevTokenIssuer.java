package dev.riffle.license.devidp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Issues RS256 access tokens shaped like Keycloak's (iss, sub, aud, azp, exp, iat, jti, typ, realm_access.roles, mapped
 * attributes such as plan and territory). Pure apart from the RSA key made at construction; time is injected.
 */
public final class DevTokenIssuer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final InstantSource clock;
    private final Duration defaultLifespan;
    private final KeyPair keys;
    private final String keyId;

    public DevTokenIssuer(InstantSource clock, Duration defaultLifespan) {
        this.clock = clock;
        this.defaultLifespan = defaultLifespan;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            this.keys = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.keyId = UUID.randomUUID().toString();
    }

    /** An issued token and its lifetime in seconds. */
    public record Issued(String accessToken, long expiresIn) {}

    public Issued issue(String issuer, DevRealm.User user, DevRealm.Client client) {
        Instant now = clock.instant();
        Duration lifespan = client.accessTokenLifespan().orElse(defaultLifespan);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("exp", now.plus(lifespan).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iss", issuer);
        List<String> aud = client.audiences().stream().sorted().toList();
        if (!aud.isEmpty()) {
            claims.put("aud", aud.size() == 1 ? aud.get(0) : aud);
        }
        claims.put("sub", subject(user.username()));
        claims.put("typ", "Bearer");
        claims.put("azp", client.clientId());
        claims.put("realm_access", Map.of("roles", new TreeSet<>(user.roles())));
        claims.put("scope", user.serviceAccountOf().isPresent() ? "profile email" : "openid profile email");
        claims.put("preferred_username", user.username());
        if (user.email() != null) {
            claims.put("email", user.email());
        }
        if (user.serviceAccountOf().isPresent()) {
            claims.put("client_id", client.clientId());
        }
        for (String attribute : client.mappedAttributes()) {
            Optional.ofNullable(user.attributes().get(attribute)).ifPresent(v -> claims.put(attribute, v));
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId);
        return new Issued(sign(header, claims), lifespan.toSeconds());
    }

    /** Stable account id for a username (Keycloak uses random UUIDs; here restarts keep the same ids). */
    public static String subject(String username) {
        return UUID.nameUUIDFromBytes(("riffle-dev-idp:" + username).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The public key as a JWK set. */
    public Map<String, Object> jwks() {
        RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kid", keyId);
        jwk.put("kty", "RSA");
        jwk.put("alg", "RS256");
        jwk.put("use", "sig");
        jwk.put("n", B64.encodeToString(unsigned(pub.getModulus())));
        jwk.put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
        return Map.of("keys", List.of(jwk));
    }

    private String sign(Map<String, Object> header, Map<String, Object> claims) {
        try {
            String input = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(keys.getPrivate());
            s.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + B64.encodeToString(s.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }

    private static byte[] unsigned(BigInteger i) {
        byte[] b = i.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
