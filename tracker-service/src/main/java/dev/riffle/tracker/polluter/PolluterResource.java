package dev.riffle.tracker.polluter;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.ProblemException;
import dev.riffle.servicekit.quarkus.ProblemMappers;
import dev.riffle.tracker.admission.RateLimiter;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.stats.TrackerMetrics;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code POST /v1/reports/polluters}: an agent reports a peer that sent bytes failing the manifest's hash. */
@Path("/v1/reports/polluters")
public class PolluterResource {
    private final PolluterService polluters;
    private final TrackerMetrics metrics;
    private final RateLimiter limiter;

    @Inject
    JsonWebToken token;

    public PolluterResource(PolluterService polluters, TrackerMetrics metrics, TrackerConfig config) {
        this.polluters = polluters;
        this.metrics = metrics;
        this.limiter = new RateLimiter(
                config.polluters().reportsPerSecond(),
                config.polluters().reportBurst(),
                config.rateLimit().maxAccounts());
    }

    @POST
    @RolesAllowed("subscriber")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Report a peer that sent a segment failing the signed manifest's hash, with the evidence")
    @APIResponse(responseCode = "202", description = "counted")
    @APIResponse(responseCode = "400", description = "malformed report (problem JSON with reason)")
    @APIResponse(responseCode = "403", description = "peerId bound to another account")
    @APIResponse(responseCode = "409", description = "reporter or offender not in the swarm")
    @APIResponse(responseCode = "429", description = "account over its report rate")
    public CompletionStage<Response> report(byte[] body) {
        String subject = token.getSubject();
        if (subject == null) return done(reject(403, "no-subject", "token has no subject"));
        long now = System.nanoTime();
        if (!limiter.tryAcquire(subject, now)) {
            metrics.polluterReport("refused");
            metrics.rejected("rate-limited");
            return done(ProblemMappers.respond(
                    Problem.of(429, "rate-limited", "too many polluter reports"),
                    Optional.of(limiter.retryAfter(subject, now))));
        }
        PolluterReport report;
        try {
            report = PolluterReportParser.parse(body);
        } catch (PolluterReportParser.Invalid e) {
            return done(reject(400, e.reason(), e.getMessage()));
        }
        try {
            return polluters
                    .report(subject, report)
                    .thenApply(o -> Response.accepted(Map.of("counted", true)).build())
                    .exceptionally(PolluterResource::problem);
        } catch (ProblemException e) {
            return done(ProblemMappers.respond(e.problem()));
        }
    }

    private static Response problem(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof ProblemException p) return ProblemMappers.respond(p.problem());
        return ProblemMappers.respond(Problem.of(503, "store-unavailable", "reports cannot be recorded now"));
    }

    private Response reject(int status, String reason, String detail) {
        metrics.polluterReport("refused");
        metrics.rejected(reason);
        return ProblemMappers.respond(Problem.of(status, reason, detail));
    }

    private static CompletionStage<Response> done(Response r) {
        return CompletableFuture.completedFuture(r);
    }
}
