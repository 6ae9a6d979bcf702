package dev.riffle.protocol.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.encoding.Base64Url;
import dev.riffle.protocol.manifest.BoundedJson;
import dev.riffle.protocol.manifest.CanonicalJson;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.ManifestException.Reason;
import dev.riffle.protocol.manifest.ManifestLimits;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The origin public keys a reader trusts, by key id. Published by the origin at {@code /.well-known/riffle-keys.json}
 * as a JWK Set (RFC 7517 with RFC 8037 OKP keys):
 *
 * <pre>{"keys":[{"crv":"Ed25519","kid":"origin-2026-11","kty":"OKP","x":"&lt;32 bytes base64url&gt;"}]}</pre>
 *
 * Several keys let the origin rotate: sign new manifests with the new key while the old one stays listed until no
 * manifest signed with it is still served. Entries of other key types are skipped so a set can grow new algorithms
 * without breaking old readers.
 */
public final class TrustedKeys {
    private static final int MAX_KEYS = 64;
    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    public static TrustedKeys of(Map<String, PublicKey> keys) {
        for (Map.Entry<String, PublicKey> e : keys.entrySet()) {
            if (!SigningKey.KEY_ID.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("bad key id");
            }
            Ed25519Keys.raw(e.getValue()); // refuses non-Ed25519 keys
        }
        return new TrustedKeys(keys);
    }

    public static TrustedKeys of(SigningKey... signingKeys) {
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (SigningKey k : signingKeys) {
            m.put(k.keyId(), k.publicKey());
        }
        return of(m);
    }

    /** Parses a JWK Set; MALFORMED on bad entries or duplicate key ids. */
    public static TrustedKeys parseJwks(byte[] json) {
        JsonNode root = new BoundedJson(ManifestLimits.DEFAULT).readObject(json);
        JsonNode list = root.get("keys");
        if (list == null || !list.isArray()) {
            throw new ManifestException(Reason.MALFORMED, "keys must be an array");
        }
        if (list.size() > MAX_KEYS) {
            throw new ManifestException(Reason.TOO_LARGE, "more than " + MAX_KEYS + " keys");
        }
        Map<String, PublicKey> m = new LinkedHashMap<>();
        for (JsonNode jwk : list) {
            if (!jwk.isObject()) {
                throw new ManifestException(Reason.MALFORMED, "key must be an object");
            }
            if (!"OKP".equals(optional(jwk, "kty")) || !"Ed25519".equals(optional(jwk, "crv"))) {
                continue;
            }
            String kid = text(jwk, "kid");
            if (!SigningKey.KEY_ID.matcher(kid).matches()) {
                throw new ManifestException(Reason.MALFORMED, "bad kid");
            }
            PublicKey key = Base64Url.decode(text(jwk, "x"), Ed25519Keys.KEY_BYTES)
                    .flatMap(Ed25519Keys::publicKey)
                    .orElseThrow(() -> new ManifestException(Reason.MALFORMED, "bad x for " + kid));
            if (m.put(kid, key) != null) {
                throw new ManifestException(Reason.MALFORMED, "duplicate kid " + kid);
            }
        }
        return new TrustedKeys(m);
    }

    /** The canonical JWK Set document. */
    public byte[] toJwks() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("keys");
        keys.forEach((kid, key) -> {
            ObjectNode jwk = list.addObject();
            jwk.put("kty", "OKP");
            jwk.put("crv", "Ed25519");
            jwk.put("kid", kid);
            jwk.put("x", Base64Url.encode(Ed25519Keys.raw(key)));
        });
        return CanonicalJson.write(root);
    }

    /** This set plus one more key (e.g. the next key during rotation). */
    public TrustedKeys with(String keyId, PublicKey key) {
        Map<String, PublicKey> m = new LinkedHashMap<>(keys);
        m.put(keyId, key);
        return of(m);
    }

    public Optional<PublicKey> get(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    public Map<String, PublicKey> asMap() {
        return keys;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrustedKeys other) || !keys.keySet().equals(other.keys.keySet())) {
            return false;
        }
        return keys.entrySet().stream()
                .allMatch(e -> Arrays.equals(
                        e.getValue().getEncoded(), other.keys.get(e.getKey()).getEncoded()));
    }

    @Override
    public int hashCode() {
        return keys.keySet().hashCode();
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keys.keySet();
    }

    static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.isTextual()) {
            throw new ManifestException(Reason.MALFORMED, field + " must be a string");
        }
        return n.textValue();
    }

    private static String optional(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
