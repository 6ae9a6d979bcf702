package dev.riffle.origin.manifest;

import dev.riffle.origin.keys.ContentKeySource;
import dev.riffle.origin.keys.KeySourceException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Keeps drm-license's copy of the trusted manifest-signing keys equal to this origin's ring, so agents, which take the
 * keys from drm-license over their authenticated channel and never from the edge, can verify every manifest the edge
 * serves. Pushed at start (in the background: drm-license may not be up yet), after a rotation, and before any title
 * goes live; a set drm-license already has is not sent again.
 */
@ApplicationScoped
public class ManifestKeysPublisher {
    private static final Logger LOG = Logger.getLogger(ManifestKeysPublisher.class);

    private final ContentKeySource license;
    private final ManifestService manifests;
    private volatile byte[] published = new byte[0];

    public ManifestKeysPublisher(ContentKeySource license, ManifestService manifests) {
        this.license = license;
        this.manifests = manifests;
    }

    void atStart(@Observes StartupEvent event) {
        CompletableFuture.runAsync(() -> {
            try {
                ensurePublished();
            } catch (KeySourceException e) {
                LOG.infof(
                        "manifest-signing keys not yet at drm-license (%s); they go with the next publish",
                        e.getMessage());
            }
        });
    }

    /**
     * Pushes the ring's public keys unless drm-license already has exactly these.
     *
     * @throws KeySourceException when drm-license cannot be reached or refuses
     */
    public synchronized void ensurePublished() {
        byte[] jwks = manifests.ring().trusted().toJwks();
        byte[] digest = sha256(jwks);
        if (Arrays.equals(digest, published)) return;
        license.pushManifestKeys(jwks);
        published = digest;
        LOG.infof(
                "manifest-signing keys %s published to drm-license",
                manifests.ring().keyIds());
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
