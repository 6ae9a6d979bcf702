package dev.riffle.tracker.ice;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.quarkus.ProblemMappers;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.config.TrackerConfig;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /v1/ice-servers}: the STUN and TURN servers a subscriber's agent uses to reach peers behind NAT, with TURN
 * credentials that expire (coturn's REST scheme). The TURN username names the account by its tag, never its subject.
 */
@Path("/v1/ice-servers")
public class IceServersResource {
    private final IceServers servers;
    private final InstantSource clock;

    @Inject
    JsonWebToken token;

    public IceServersResource(TrackerConfig config, InstantSource clock) {
        this.servers = of(config.ice());
        this.clock = clock;
    }

    static IceServers of(TrackerConfig.Ice ice) {
        List<String> turn = ice.turnUrls().orElse(List.of());
        return new IceServers(
                ice.stunUrls().orElse(List.of()),
                turn,
                turn.isEmpty()
                        ? Optional.empty()
                        : Optional.of(new TurnCredentials(ice.turnSecret(), ice.credentialTtl())));
    }

    @GET
    @RolesAllowed("subscriber")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "STUN/TURN servers for this subscriber's agent, with short-lived TURN credentials")
    public Response iceServers() {
        String subject = token.getSubject();
        if (subject == null) return ProblemMappers.respond(Problem.of(403, "no-subject", "token has no subject"));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(servers.forAccount(PeerIds.accountTag(subject), clock.instant()))
                .cacheControl(noStore)
                .build();
    }
}
