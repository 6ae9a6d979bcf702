package dev.riffle.protocol.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.protocol.manifest.CanonicalJson;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.ManifestJson;
import java.security.GeneralSecurityException;
import java.security.Signature;

/** Signs manifests with one origin key. Stateless apart from the key; safe to share between threads. */
public final class ManifestSigner {
    private final SigningKey key;

    public ManifestSigner(SigningKey key) {
        this.key = key;
    }

    /** Signs the canonical bytes; KEY_ID_MISMATCH if the manifest names another signing key. */
    public SignedManifest sign(Manifest manifest) {
        if (!manifest.signingKeyId().equals(key.keyId())) {
            throw new ManifestException(
                    ManifestException.Reason.KEY_ID_MISMATCH, "manifest names key " + manifest.signingKeyId());
        }
        return new SignedManifest(manifest, signature(ManifestJson.canonicalBytes(manifest)));
    }

    /**
     * Signs an arbitrary manifest tree as-is and returns the envelope bytes: for tools and tests that must produce
     * documents this version cannot model (e.g. a future version). Origins use {@link #sign(Manifest)}.
     */
    public byte[] signTree(JsonNode manifestTree) {
        return SignedManifest.envelope(manifestTree, signature(CanonicalJson.write(manifestTree)));
    }

    private ManifestSignature signature(byte[] canonical) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key.privateKey());
            s.update(canonical);
            return new ManifestSignature(ManifestSignature.ED25519, key.keyId(), s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }
}
