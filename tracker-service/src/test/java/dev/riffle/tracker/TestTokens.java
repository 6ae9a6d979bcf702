package dev.riffle.tracker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/** Mints RS256 access tokens shaped like Keycloak's, signed by the test key the %test profile trusts. */
public final class TestTokens {

    private static final PrivateKey KEY = load();

    private TestTokens() {}

    private static PrivateKey load() {
        try (InputStream in = TestTokens.class.getResourceAsStream("/tokens/test-signing-key.pem")) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String subscriber(String subject) {
        return token(subject, List.of("subscriber"), "riffle-services", 600);
    }

    public static String token(String subject, List<String> roles, String audience, long lifetimeSeconds) {
        try {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("https://test-issuer.riffle.invalid/realms/riffle");
            claims.setSubject(subject);
            claims.setAudience(audience);
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(lifetimeSeconds / 60f);
            claims.setGeneratedJwtId();
            claims.setClaim("typ", "Bearer");
            claims.setClaim("realm_access", java.util.Map.of("roles", roles));
            claims.setClaim("preferred_username", subject);
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(KEY);
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
