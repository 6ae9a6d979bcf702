package dev.riffle.license.license;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.riffle.license.audit.AuditLog;
import dev.riffle.license.keys.ContentKeys;
import dev.riffle.license.keys.TitleIds;
import dev.riffle.license.policy.TitlePolicyStore;
import dev.riffle.license.session.Admission;
import dev.riffle.license.session.Session;
import dev.riffle.license.session.SessionIds;
import dev.riffle.license.session.Sessions;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Playback sessions for concurrent-stream and device accounting. Start one per stream ({@code POST}), heartbeat it
 * every {@code heartbeatSeconds} ({@code PUT}), release it when playback stops ({@code DELETE}); it ends by itself after
 * {@code riffle.license.sessions.ttl} without heartbeat.
 */
@Path("/v1/sessions")
@RolesAllowed("subscriber")
@Tag(name = "sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private final Sessions sessions;
    private final TitlePolicyStore policies;
    private final ContentKeys keys;
    private final JsonWebToken jwt;
    private final AuditLog audit;
    private final InstantSource clock;

    public SessionResource(
            Sessions sessions,
            TitlePolicyStore policies,
            ContentKeys keys,
            JsonWebToken jwt,
            AuditLog audit,
            InstantSource clock) {
        this.sessions = sessions;
        this.policies = policies;
        this.keys = keys;
        this.jwt = jwt;
        this.audit = audit;
        this.clock = clock;
    }

    /** Body of {@code POST /v1/sessions}; {@code titleId} optional. */
    public record StartSession(String titleId) {}

    /** A session as the API shows it. */
    public record SessionView(
            String sessionId, String deviceId, String titleId, Instant expiresAt, long heartbeatSeconds) {}

    /**
     * One of the caller's live sessions in {@code GET /v1/sessions}: when it started and, once the origin has pushed it,
     * the bytes of the title's packaged media ({@code titleBytes}, all renditions). The tracker asks with the caller's
     * own token to bound the stats the account reports.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LiveSession(
            String sessionId, String deviceId, String titleId, Instant startedAt, Instant expiresAt, Long titleBytes) {}

    /** Body of {@code GET /v1/sessions}. */
    public record LiveSessions(List<LiveSession> sessions) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a playback session (counts against concurrent streams and devices)")
    public Response start(StartSession body, @HeaderParam(Callers.DEVICE_HEADER) String device) {
        String title = body == null || body.titleId() == null ? "-" : body.titleId();
        if (!title.equals("-") && !TitleIds.valid(title)) {
            throw ProblemException.badRequest("bad-request", "titleId must be 1-128 characters of [A-Za-z0-9._-]");
        }
        if (!title.equals("-") && !keys.knows(title)) {
            // A session names a real title: otherwise anyone could hold sessions for made-up titles and report
            // stats for them.
            throw ProblemException.notFound("unknown_title", "no title " + title + " is packaged here");
        }
        String account = Callers.subscriber(jwt).accountId();
        Admission a = sessions.open(account, Callers.device(device), title);
        if (a instanceof Admission.Refused refused) {
            audit.record(
                    account,
                    "session_open",
                    title,
                    null,
                    clock.instant(),
                    "denied",
                    refused.reason().wire());
            throw refused.reason().problem("cannot start another session");
        }
        Session s = ((Admission.Opened) a).session();
        audit.record(account, "session_open", title, null, clock.instant(), "granted", null);
        return withHeaders(Response.status(201).entity(view(s)), s).build();
    }

    @GET
    @Operation(summary = "The caller's live sessions, with the size of each session's title when known")
    public Response list() {
        List<LiveSession> live = new ArrayList<>();
        for (Session s : sessions.list(account())) {
            Long bytes = s.titleId().equals("-")
                    ? null
                    : policies.find(s.titleId())
                            .filter(p -> p.sizeBytes().isPresent())
                            .map(p -> p.sizeBytes().getAsLong())
                            .orElse(null);
            live.add(new LiveSession(s.id(), s.deviceId(), s.titleId(), s.startedAt(), s.expiresAt(), bytes));
        }
        return Response.ok(new LiveSessions(live))
                .header("Cache-Control", "no-store")
                .build();
    }

    @PUT
    @Path("/{sessionId}")
    @Operation(summary = "Heartbeat: renew a live session")
    public Response renew(@PathParam("sessionId") String sessionId) {
        Session s = sessions.renew(account(), checked(sessionId))
                .orElseThrow(() -> ProblemException.notFound(
                        "unknown_session", "no live session " + sessionId + "; start a new one"));
        return withHeaders(Response.ok(view(s)), s).build();
    }

    @DELETE
    @Path("/{sessionId}")
    @Operation(summary = "Release a session")
    public Response release(@PathParam("sessionId") String sessionId) {
        if (!sessions.release(account(), checked(sessionId))) {
            throw ProblemException.notFound("unknown_session", "no live session " + sessionId);
        }
        return Response.noContent().build();
    }

    private String account() {
        return Callers.subscriber(jwt).accountId();
    }

    private static String checked(String sessionId) {
        if (!SessionIds.validSession(sessionId)) {
            throw ProblemException.badRequest("bad-request", "not a session id");
        }
        return sessionId;
    }

    private SessionView view(Session s) {
        return new SessionView(s.id(), s.deviceId(), s.titleId(), s.expiresAt(), sessions.heartbeatSeconds());
    }

    private static Response.ResponseBuilder withHeaders(Response.ResponseBuilder r, Session s) {
        return r.header("Cache-Control", "no-store")
                .header(Callers.SESSION_HEADER, s.id())
                .header(Callers.SESSION_EXPIRES_HEADER, s.expiresAt().toString());
    }
}
