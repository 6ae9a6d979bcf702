package dev.riffle.origin.manifest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The origin's public manifest-signing keys (JWK Set, protocol format), and key rotation for operators. */
@Path("/")
public class OriginKeysResource {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OriginKeysResource.class);

    @Inject
    ManifestService manifests;

    @Inject
    ManifestKeysPublisher publisher;

    @GET
    @Path(".well-known/riffle-keys.json")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every trusted origin signing key (active and rotated out), as a JWK Set")
    public Response keys() {
        return Response.ok(manifests.ring().trusted().toJwks())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }

    @GET
    @Path(".well-known/riffle/origin-keys.json")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    public Response keysAlias() {
        return keys();
    }

    /**
     * Answer to a rotation: the new active key id, every listed key id, and whether drm-license (where agents take the
     * keys from) already has the new set; if not, it gets it before the next title goes live.
     */
    public record Rotation(String active, List<String> keys, boolean publishedToLicense) {}

    @POST
    @Path("v1/signing-keys/rotate")
    @RolesAllowed("operator")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generate a new signing key for new manifests; old keys stay published")
    public Rotation rotate() {
        SigningKeyRing ring = manifests.ring();
        ring.rotate();
        boolean published = true;
        try {
            publisher.ensurePublished();
        } catch (dev.riffle.origin.keys.KeySourceException e) {
            LOG.warnf(
                    "rotated to %s; drm-license not reached (%s)", ring.active().keyId(), e.getMessage());
            published = false;
        }
        return new Rotation(ring.active().keyId(), ring.keyIds(), published);
    }
}
