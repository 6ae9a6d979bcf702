package dev.riffle.protocol.manifest;

/**
 * Which content key encrypts every segment (AES-128-CBC, HLS "AES-128") and how IVs are chosen. The key itself lives in
 * drm-license; the manifest names only its id.
 */
public record ContentKey(ContentKeyId kid, IvRule ivRule) {
    public ContentKey {
        Checks.present("contentKey.kid", kid);
        Checks.present("contentKey.ivRule", ivRule);
    }
}
