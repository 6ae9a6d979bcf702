package dev.riffle.protocol.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.encoding.Base64Url;
import dev.riffle.protocol.manifest.BoundedJson;
import dev.riffle.protocol.manifest.CanonicalJson;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.ManifestLimits;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An origin's Ed25519 signing key with its id. Stored as a private JWK (RFC 8037):
 * {@code {"crv":"Ed25519","d":"<seed b64url>","kid":"origin-2026-11","kty":"OKP","x":"<public b64url>"}}; publish
 * {@link #publicJwk()} in the key set. {@link #toString()} never shows key material.
 */
public record SigningKey(String keyId, PrivateKey privateKey, PublicKey publicKey) {
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public SigningKey {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id must match " + KEY_ID.pattern());
        }
        if (privateKey == null || publicKey == null) {
            throw new IllegalArgumentException("both halves of the key are required");
        }
    }

    public static SigningKey generate(String keyId) {
        KeyPair pair = Ed25519Keys.generate();
        return new SigningKey(keyId, pair.getPrivate(), pair.getPublic());
    }

    public static SigningKey fromSeed(String keyId, byte[] seed) {
        KeyPair pair = Ed25519Keys.fromSeed(seed);
        return new SigningKey(keyId, pair.getPrivate(), pair.getPublic());
    }

    /** Reads a private JWK; MALFORMED if it is not one, or if {@code x} does not belong to {@code d}. */
    public static SigningKey fromJwk(byte[] json) {
        JsonNode jwk = new BoundedJson(ManifestLimits.DEFAULT).readObject(json);
        String kid = TrustedKeys.text(jwk, "kid");
        if (!"OKP".equals(TrustedKeys.text(jwk, "kty")) || !"Ed25519".equals(TrustedKeys.text(jwk, "crv"))) {
            throw new ManifestException(ManifestException.Reason.UNSUPPORTED_ALGORITHM, "not an Ed25519 JWK");
        }
        byte[] seed = Base64Url.decode(TrustedKeys.text(jwk, "d"), Ed25519Keys.KEY_BYTES)
                .orElseThrow(() -> new ManifestException(ManifestException.Reason.MALFORMED, "bad d"));
        if (!KEY_ID.matcher(kid).matches()) {
            throw new ManifestException(ManifestException.Reason.MALFORMED, "bad kid");
        }
        SigningKey key = fromSeed(kid, seed);
        if (jwk.has("x") && !TrustedKeys.text(jwk, "x").equals(Base64Url.encode(Ed25519Keys.raw(key.publicKey)))) {
            throw new ManifestException(ManifestException.Reason.MALFORMED, "x does not match d");
        }
        return key;
    }

    /** The private JWK, for the origin's key store only. */
    public byte[] toPrivateJwk() {
        ObjectNode jwk = publicJwk();
        jwk.put("d", Base64Url.encode(Ed25519Keys.seed(privateKey)));
        return CanonicalJson.write(jwk);
    }

    /** The public JWK that goes into the published key set. */
    public ObjectNode publicJwk() {
        ObjectNode jwk = JsonNodeFactory.instance.objectNode();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("kid", keyId);
        jwk.put("x", Base64Url.encode(Ed25519Keys.raw(publicKey)));
        return jwk;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SigningKey other
                && keyId.equals(other.keyId)
                && Arrays.equals(publicKey.getEncoded(), other.publicKey.getEncoded());
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "SigningKey[keyId=" + keyId + ", Ed25519, material redacted]";
    }
}
