package dev.riffle.origin.keys;

/**
 * Where content keys come from and where title policies and the manifest-signing keys go: drm-license's packager API
 * in every real deployment.
 */
public interface ContentKeySource {

    /** Creates or fetches the title's content key (idempotent: the same title always gets the same key). */
    ContentKey keyFor(String titleId);

    /** Publishes or updates the title's entitlement policy. */
    void pushPolicy(String titleId, TitlePolicy policy);

    /** Publishes the public manifest-signing keys (a JWK Set) agents verify manifests with. */
    void pushManifestKeys(byte[] jwks);
}
