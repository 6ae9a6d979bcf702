package dev.riffle.origin.keys;

/**
 * Where content keys come from and where title policies and the manifest-signing keys go: drm-license's packager API
 * in every real deployment.
 */
public interface ContentKeySource {

    /** Creates or fetches the title's content key (idempotent: the same title always gets the same key). */
    default ContentKey keyFor(String titleId) {
        return keyFor(titleId, null);
    }

    /**
     * Creates or fetches one of the title's keys, told apart by {@code label} (a live channel's crypto period); null
     * is the title's default key.
     */
    ContentKey keyFor(String titleId, String label);

    /** Publishes or updates the title's entitlement policy. */
    void pushPolicy(String titleId, TitlePolicy policy);

    /** Publishes the public manifest-signing keys (a JWK Set) agents verify manifests with. */
    void pushManifestKeys(byte[] jwks);
}
