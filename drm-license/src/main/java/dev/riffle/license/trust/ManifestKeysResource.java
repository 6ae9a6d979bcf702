package dev.riffle.license.trust;

import dev.riffle.license.audit.AuditLog;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.sign.TrustedKeys;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Which keys sign the origin's manifests, over the authenticated channel: the origin pushes its public key set with its
 * packager token; agents read it with their subscriber token, so an edge or a proxy between them and the origin cannot
 * slip in a key of its own (it could, were the keys fetched from the edge next to the manifests). The set is the
 * origin's whole ring, active and rotated-out keys, so manifests signed before a rotation keep verifying.
 */
@Path("/v1")
@Tag(name = "manifest-keys")
public class ManifestKeysResource {
    /** More keys than any ring of rotations needs; the set is refused beyond it. */
    static final int MAX_KEYS = 16;

    private final ManifestKeyStore store;
    private final AuditLog audit;
    private final JsonWebToken jwt;
    private final InstantSource clock;

    public ManifestKeysResource(ManifestKeyStore store, AuditLog audit, JsonWebToken jwt, InstantSource clock) {
        this.store = store;
        this.audit = audit;
        this.jwt = jwt;
        this.clock = clock;
    }

    /** Answer to a push: the key ids now trusted. */
    public record Stored(List<String> keys) {}

    @PUT
    @Path("/packager/manifest-keys")
    @RolesAllowed("packager")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the trusted manifest-signing keys (public JWK Set, Ed25519) with the origin's ring")
    public Stored put(byte[] body) {
        TrustedKeys keys = parse(body);
        if (keys.asMap().isEmpty() || keys.asMap().size() > MAX_KEYS) {
            throw ProblemException.badRequest(
                    "bad-key-set", "the set must hold 1 to " + MAX_KEYS + " Ed25519 public keys");
        }
        if (new String(body, StandardCharsets.UTF_8).contains("\"d\"")) {
            throw ProblemException.badRequest("bad-key-set", "public keys only: a private key member was sent");
        }
        store.put(keys.toJwks());
        Object azp = jwt.getClaim("azp");
        audit.record(
                azp != null ? azp.toString() : jwt.getSubject(),
                "manifest_keys",
                null,
                null,
                clock.instant(),
                "stored",
                null);
        return new Stored(List.copyOf(keys.asMap().keySet()));
    }

    @GET
    @Path("/manifest-keys")
    @RolesAllowed("subscriber")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The origin's manifest-signing keys (JWK Set) agents verify manifests with")
    public Response get() {
        byte[] jwks = store.get()
                .orElseThrow(() -> ProblemException.notFound(
                        "no-manifest-keys", "the origin has not published its signing keys here yet"));
        return Response.ok(jwks)
                .type(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "private, max-age=60")
                .build();
    }

    private static TrustedKeys parse(byte[] body) {
        try {
            return TrustedKeys.parseJwks(body);
        } catch (ManifestException | IllegalArgumentException e) {
            throw ProblemException.badRequest("bad-key-set", "not a JWK Set of Ed25519 public keys: " + e.getMessage());
        }
    }
}
