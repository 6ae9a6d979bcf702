package dev.riffle.protocol.sign;

import com.fasterxml.jackson.databind.JsonNode;
import dev.riffle.protocol.encoding.Base64Url;
import dev.riffle.protocol.manifest.BoundedJson;
import dev.riffle.protocol.manifest.CanonicalJson;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.manifest.ManifestException.Reason;
import dev.riffle.protocol.manifest.ManifestJson;
import dev.riffle.protocol.manifest.ManifestLimits;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Checks a signed envelope against trusted origin keys and returns the manifest only if it verifies. The envelope may
 * use any member order and whitespace: the signature covers the canonical form of the {@code manifest} member as
 * received, unknown fields included, so nothing outside what was signed is ever trusted. Order of checks: size and
 * syntax, signature present, version, algorithm, key id, signature, then the manifest's own rules. Thread-safe.
 */
public final class ManifestVerifier {
    private final TrustedKeys trusted;
    private final BoundedJson json;

    public ManifestVerifier(TrustedKeys trusted) {
        this(trusted, ManifestLimits.DEFAULT);
    }

    public ManifestVerifier(TrustedKeys trusted, ManifestLimits limits) {
        this.trusted = trusted;
        this.json = new BoundedJson(limits);
    }

    /** The verified manifest, or a {@link ManifestException} naming why not. */
    public Manifest verify(byte[] envelope) {
        return verifySigned(envelope).manifest();
    }

    /** Reads at most the size limit from {@code in} (left open) and verifies it. */
    public Manifest verify(InputStream in) throws IOException {
        return verify(in.readNBytes(json.limits().maxDocumentBytes() + 1));
    }

    /** Like {@link #verify(byte[])}, also returning the signature (e.g. to re-serve the exact envelope). */
    public SignedManifest verifySigned(byte[] envelope) {
        JsonNode root = json.readObject(envelope);
        JsonNode manifestNode = root.get("manifest");
        if (manifestNode == null || !manifestNode.isObject()) {
            throw new ManifestException(Reason.MALFORMED, "manifest must be an object");
        }
        JsonNode sig = root.get("signature");
        if (sig == null || sig.isNull()) {
            throw new ManifestException(Reason.MISSING_SIGNATURE, "no signature");
        }
        if (!sig.isObject()) {
            throw new ManifestException(Reason.MALFORMED, "signature must be an object");
        }
        ManifestJson.checkVersion(manifestNode);
        String alg = TrustedKeys.text(sig, "alg");
        if (!ManifestSignature.ED25519.equals(alg)) {
            throw new ManifestException(Reason.UNSUPPORTED_ALGORITHM, "alg must be Ed25519");
        }
        String keyId = TrustedKeys.text(sig, "keyId");
        PublicKey key = trusted.get(keyId)
                .orElseThrow(() -> new ManifestException(Reason.UNKNOWN_KEY_ID, "key id not trusted"));
        byte[] value = Base64Url.decode(TrustedKeys.text(sig, "value"), Ed25519Keys.SIGNATURE_BYTES)
                .orElseThrow(() -> new ManifestException(Reason.MALFORMED, "value must be 86 characters of base64url"));
        if (!valid(key, CanonicalJson.write(manifestNode), value)) {
            throw new ManifestException(Reason.BAD_SIGNATURE, "signature does not match the manifest");
        }
        Manifest manifest = ManifestJson.fromTree(manifestNode, json.limits());
        if (!manifest.signingKeyId().equals(keyId)) {
            throw new ManifestException(Reason.KEY_ID_MISMATCH, "signed by another key than the manifest names");
        }
        return new SignedManifest(manifest, new ManifestSignature(alg, keyId, value));
    }

    private static boolean valid(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            // The JDK throws SignatureException for some malformed signature encodings: that is a bad signature.
            return false;
        }
    }
}
