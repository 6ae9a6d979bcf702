package dev.riffle.protocol.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.protocol.manifest.CanonicalJson;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestJson;

/**
 * A manifest with its signature; {@link #toJson()} is the document the origin serves:
 *
 * <pre>{"manifest":{...},"signature":{"alg":"Ed25519","keyId":"origin-2026-11","value":"..."}}</pre>
 */
public record SignedManifest(Manifest manifest, ManifestSignature signature) {
    public SignedManifest {
        if (manifest == null || signature == null) {
            throw new IllegalArgumentException("manifest and signature are required");
        }
    }

    /** The canonical envelope bytes (served as {@code application/json}, cacheable like a playlist). */
    public byte[] toJson() {
        return envelope(ManifestJson.toTree(manifest), signature);
    }

    static byte[] envelope(JsonNode manifestTree, ManifestSignature signature) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("manifest", manifestTree);
        ObjectNode sig = root.putObject("signature");
        sig.put("alg", signature.alg());
        sig.put("keyId", signature.keyId());
        sig.put("value", signature.valueBase64url());
        return CanonicalJson.write(root);
    }
}
