package dev.riffle.tracker.announce;

import dev.riffle.servicekit.problem.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /v1/announce}: a subscriber's agent says what it watches and holds, and gets peers back. This JAX-RS
 * method serves the first announce with a token (quarkus-oidc verifies it in full); later ones with the same, already
 * verified token are answered by {@link AnnounceFastRoute} before this is reached. Both go through {@link
 * AnnounceHandler}.
 */
@Path("/v1/announce")
public class AnnounceResource {

    private final AnnounceHandler handler;

    @Inject
    JsonWebToken token;

    public AnnounceResource(AnnounceHandler handler) {
        this.handler = handler;
    }

    @POST
    @RolesAllowed("subscriber")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Announce swarms and get ranked peers")
    @APIResponse(responseCode = "200", description = "peers per swarm")
    @APIResponse(responseCode = "400", description = "malformed announce (problem JSON with reason)")
    @APIResponse(responseCode = "403", description = "peerId bound to another account")
    @APIResponse(responseCode = "404", description = "update for swarms that do not exist")
    @APIResponse(responseCode = "429", description = "account over its announce rate")
    public CompletionStage<Response> announce(byte[] body, @Context HttpServerRequest http) {
        InetAddress observed = AnnounceFastRoute.observed(http);
        if (observed == null) {
            return CompletableFuture.completedFuture(
                    response(handler.refuse(400, "bad-address", "cannot read the caller's address")));
        }
        return handler.announce(token.getSubject(), body, observed).thenApply(AnnounceResource::response);
    }

    static Response response(AnnounceHandler.Reply r) {
        Response.ResponseBuilder b =
                Response.status(r.status()).type(r.contentType()).entity(r.bytes());
        if (r.retryAfterSeconds() > 0) b.header("Retry-After", Long.toString(r.retryAfterSeconds()));
        return b.build();
    }
}
