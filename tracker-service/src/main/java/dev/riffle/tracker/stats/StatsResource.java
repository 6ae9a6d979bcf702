package dev.riffle.tracker.stats;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.quarkus.ProblemMappers;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.admission.RateLimiter;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.geo.GeoResolver;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code POST /v1/stats} (agents report) and {@code GET /v1/stats} (JSON for ops and the dashboard). */
@Path("/v1/stats")
public class StatsResource {

    private final StatsService stats;
    private final StatsAdmission admission;
    private final GeoResolver geo;
    private final TrackerMetrics metrics;
    private final RateLimiter limiter;
    private final StatsParser parser = new StatsParser();
    private final boolean publicRead;

    @Inject
    JsonWebToken token;

    @Inject
    SecurityIdentity identity;

    public StatsResource(
            StatsService stats,
            StatsAdmission admission,
            GeoResolver geo,
            TrackerMetrics metrics,
            TrackerConfig config) {
        this.stats = stats;
        this.admission = admission;
        this.geo = geo;
        this.metrics = metrics;
        this.publicRead = config.stats().publicRead();
        this.limiter = new RateLimiter(
                config.rateLimit().statsPerSecond(),
                config.rateLimit().statsBurst(),
                config.rateLimit().maxAccounts());
    }

    @POST
    @RolesAllowed("subscriber")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Report bytes from peers/CDN, uploads, stalls and startup time since the last report")
    public Response report(byte[] body, @Context HttpServerRequest http) {
        String subject = token.getSubject();
        long now = System.nanoTime();
        if (subject == null) {
            return reject(403, "no-subject", "token has no subject");
        }
        if (!limiter.tryAcquire(subject, now)) {
            metrics.rejected("rate-limited");
            return ProblemMappers.respond(
                    Problem.of(429, "rate-limited", "too many stats reports"),
                    java.util.Optional.of(limiter.retryAfter(subject, now)));
        }
        StatsReport report;
        try {
            report = parser.parse(body);
        } catch (StatsParser.Invalid e) {
            return reject(400, e.reason(), e.getMessage());
        }
        if (report.peerId().isPresent() && !PeerIds.belongsTo(report.peerId().get(), subject)) {
            return reject(403, "peer-id-not-yours", "peerId is bound to another account");
        }
        InetAddress observed;
        try {
            observed = InetAddress.getByName(http.remoteAddress().hostAddress());
        } catch (UnknownHostException e) {
            return reject(400, "bad-address", "cannot read the caller's address");
        }
        List<StatsReport.Entry> kept = admission.admit(subject, token.getRawToken(), report.entries());
        if (!kept.isEmpty()) {
            stats.record(
                    new StatsReport(report.peerId(), kept), report.peerId().orElse(subject), geo.resolve(observed));
        }
        // 202 either way: the agent moves on, and entries that did not count are not sent again.
        return Response.accepted(Map.of(
                        "accepted", kept.size(), "dropped", report.entries().size() - kept.size()))
                .build();
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Offload totals, offload over time, top titles, ISP and region breakdown (this replica)")
    public Response read(@QueryParam("top") @DefaultValue("10") int top) {
        if (!publicRead && (identity.isAnonymous() || !identity.hasRole("operator"))) {
            return reject(identity.isAnonymous() ? 401 : 403, "ops-only", "stats need the operator role");
        }
        return Response.ok(stats.snapshot(Math.max(1, Math.min(top, 50)))).build();
    }

    private Response reject(int status, String reason, String detail) {
        metrics.rejected(reason);
        return ProblemMappers.respond(Problem.of(status, reason, detail));
    }
}
