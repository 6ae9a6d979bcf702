package dev.riffle.origin.keys;

import java.util.Base64;

/**
 * A title's AES-128 content key, its id (16 bytes, base64url without padding) and the HLS key URI drm-license serves it
 * at (null: the origin builds it from configuration). Never logged: toString hides the key.
 */
public record ContentKey(String kid, byte[] key, String keyUri) {
    public ContentKey {
        if (kid == null || Base64.getUrlDecoder().decode(kid).length != 16) {
            throw new IllegalArgumentException("kid must be 16 bytes of base64url");
        }
        if (key == null || key.length != 16) throw new IllegalArgumentException("content key must be 16 bytes");
        key = key.clone();
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    @Override
    public String toString() {
        return "ContentKey[kid=" + kid + ", key=<hidden>]";
    }
}
