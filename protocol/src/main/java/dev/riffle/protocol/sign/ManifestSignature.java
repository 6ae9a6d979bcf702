package dev.riffle.protocol.sign;

import dev.riffle.protocol.encoding.Base64Url;
import java.util.Arrays;

/**
 * The {@code signature} member of a signed envelope: {@code {"alg":"Ed25519","keyId":"...","value":"<86 chars>"}}, the
 * value being the 64-byte Ed25519 signature over the canonical manifest bytes, in unpadded base64url.
 */
public record ManifestSignature(String alg, String keyId, byte[] value) {
    public static final String ED25519 = "Ed25519";

    public ManifestSignature {
        if (!ED25519.equals(alg) || keyId == null || value == null || value.length != Ed25519Keys.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("an Ed25519 signature is 64 bytes with a key id");
        }
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public String valueBase64url() {
        return Base64Url.encode(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ManifestSignature s
                && alg.equals(s.alg)
                && keyId.equals(s.keyId)
                && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode() * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "ManifestSignature[" + alg + ", keyId=" + keyId + "]";
    }
}
