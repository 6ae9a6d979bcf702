package dev.riffle.tracker.announce;

import dev.riffle.tracker.admission.RateLimiter;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.problem.Problem;
import dev.riffle.tracker.problem.ProblemException;
import dev.riffle.tracker.stats.TrackerMetrics;
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
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v1/announce}: a subscriber's agent says what it watches and holds, and gets peers back. */
@Path("/v1/announce")
public class AnnounceResource {

    private final AnnounceService service;
    private final AnnounceParser parser;
    private final RateLimiter limiter;
    private final TrackerMetrics metrics;

    @Inject
    JsonWebToken token;

    public AnnounceResource(AnnounceService service, TrackerConfig config, TrackerMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
        this.parser = new AnnounceParser(
                config.announce().maxSwarms(),
                config.announce().maxRanges(),
                config.matching().peersPerAnswer());
        this.limiter = new RateLimiter(
                config.rateLimit().announcesPerSecond(),
                config.rateLimit().announceBurst(),
                config.rateLimit().maxAccounts());
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
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            return reject(403, "no-subject", "token has no subject");
        }
        if (!limiter.tryAcquire(subject, System.nanoTime())) {
            metrics.rejected("rate-limited");
            return CompletableFuture.completedFuture(
                    Problem.of(429, "rate-limited", "too many announces").toResponse());
        }
        AnnounceRequest request;
        try {
            request = parser.parse(body);
        } catch (AnnounceParser.Invalid e) {
            return reject(400, e.reason(), e.getMessage());
        }
        InetAddress observed;
        try {
            observed = InetAddress.getByName(http.remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            return reject(400, "bad-address", "cannot read the caller's address");
        }
        try {
            return service.announce(subject, request, observed)
                    .thenApply(r -> Response.ok(r, MediaType.APPLICATION_JSON).build())
                    .exceptionally(AnnounceResource::problem);
        } catch (ProblemException e) {
            metrics.rejected(e.problem().reason());
            return CompletableFuture.completedFuture(e.problem().toResponse());
        }
    }

    private static Response problem(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ProblemException p) {
            return p.problem().toResponse();
        }
        return Problem.of(503, "store-unavailable", "swarm store did not answer")
                .toResponse();
    }

    private CompletionStage<Response> reject(int status, String reason, String detail) {
        metrics.rejected(reason);
        return CompletableFuture.completedFuture(
                Problem.of(status, reason, detail).toResponse());
    }
}
