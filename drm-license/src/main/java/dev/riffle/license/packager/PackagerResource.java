package dev.riffle.license.packager;

import dev.riffle.license.audit.AuditLog;
import dev.riffle.license.config.LicenseConfig;
import dev.riffle.license.keys.ContentKey;
import dev.riffle.license.keys.ContentKeys;
import dev.riffle.license.keys.Labels;
import dev.riffle.license.keys.TitleIds;
import dev.riffle.license.policy.Plan;
import dev.riffle.license.policy.TitlePolicy;
import dev.riffle.license.policy.TitlePolicyStore;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Service-to-service API of the origin (role {@code packager}, client-credentials token of {@code riffle-origin}). */
@Path("/v1/packager/titles/{titleId}")
@RolesAllowed("packager")
@Tag(name = "packager")
@Produces(MediaType.APPLICATION_JSON)
public class PackagerResource {
    private final ContentKeys keys;
    private final TitlePolicyStore policies;
    private final AuditLog audit;
    private final JsonWebToken jwt;
    private final InstantSource clock;
    private final String publicUrl;

    public PackagerResource(
            ContentKeys keys,
            TitlePolicyStore policies,
            AuditLog audit,
            JsonWebToken jwt,
            InstantSource clock,
            LicenseConfig config) {
        this.keys = keys;
        this.policies = policies;
        this.audit = audit;
        this.jwt = jwt;
        this.clock = clock;
        this.publicUrl = config.publicUrl().replaceAll("/+$", "");
    }

    /** The key of a title: kid and key base64url without padding, the HLS key URI to put in EXT-X-KEY. */
    public record KeyView(String titleId, String label, String kid, String key, String keyUri, Instant createdAt) {}

    /**
     * A title policy as pushed by the origin; {@code territories} empty or absent = everywhere; {@code sizeBytes} the
     * packaged media's bytes (all renditions), absent before packaging.
     */
    public record PolicyView(
            String requiredPlan,
            List<String> territories,
            String availableFrom,
            String availableUntil,
            Long sizeBytes) {}

    @PUT
    @Path("/key")
    @Operation(summary = "Create-or-get the title's content key (idempotent): 201 when created, 200 when it existed")
    public Response key(@PathParam("titleId") String titleId, @QueryParam("label") String label) {
        String t = title(titleId);
        String l = label == null ? Labels.DEFAULT : label;
        if (!Labels.valid(l)) {
            throw ProblemException.badRequest("bad-request", "label must be 1-64 characters of [A-Za-z0-9._-]");
        }
        ContentKeys.Issued issued = keys.createOrGet(t, l);
        ContentKey k = issued.key();
        audit.record(
                caller(),
                "packager_key",
                t,
                k.kid().value(),
                clock.instant(),
                issued.created() ? "created" : "existing",
                null);
        KeyView view =
                new KeyView(t, l, k.kid().value(), k.keyBase64Url(), publicUrl + "/v1/keys/" + k.kid(), k.createdAt());
        return Response.status(issued.created() ? 201 : 200)
                .header("Cache-Control", "no-store")
                .entity(view)
                .build();
    }

    @PUT
    @Path("/policy")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish or replace the title's entitlement policy")
    public PolicyView policy(@PathParam("titleId") String titleId, PolicyView body) {
        String t = title(titleId);
        if (body == null) {
            throw ProblemException.badRequest("bad-request", "a policy body is required");
        }
        Plan plan = Plan.parse(body.requiredPlan())
                .orElseThrow(() ->
                        ProblemException.badRequest("bad-request", "requiredPlan must be basic, standard or premium"));
        TitlePolicy p;
        try {
            p = new TitlePolicy(
                    t,
                    plan,
                    body.territories() == null ? Set.of() : Set.copyOf(body.territories()),
                    instant(body.availableFrom()),
                    instant(body.availableUntil()),
                    body.sizeBytes() == null ? OptionalLong.empty() : OptionalLong.of(body.sizeBytes()));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ProblemException.badRequest("bad-request", e.getMessage());
        }
        policies.put(p);
        audit.record(caller(), "packager_policy", t, null, clock.instant(), "stored", null);
        return view(p);
    }

    @GET
    @Path("/policy")
    @Operation(summary = "The title's stored policy")
    public PolicyView getPolicy(@PathParam("titleId") String titleId) {
        return policies.find(title(titleId))
                .map(PackagerResource::view)
                .orElseThrow(() -> ProblemException.notFound("not-found", "no policy for " + titleId));
    }

    private static PolicyView view(TitlePolicy p) {
        return new PolicyView(
                p.requiredPlan().wire(),
                p.territories().stream().sorted().toList(),
                p.availableFrom().map(Instant::toString).orElse(null),
                p.availableUntil().map(Instant::toString).orElse(null),
                p.sizeBytes().isPresent() ? p.sizeBytes().getAsLong() : null);
    }

    private static Optional<Instant> instant(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("bad-request", "instants are RFC 3339 UTC, e.g. 2026-01-01T00:00:00Z");
        }
    }

    private static String title(String titleId) {
        if (!TitleIds.valid(titleId)) {
            throw ProblemException.badRequest("bad-request", "title id must be 1-128 characters of [A-Za-z0-9._-]");
        }
        return titleId;
    }

    private String caller() {
        Object azp = jwt.getClaim("azp");
        return azp != null ? azp.toString() : jwt.getSubject();
    }
}
