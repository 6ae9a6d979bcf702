package dev.riffle.servicekit.quarkus;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.ProblemException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error of a service's JAX-RS API leaves as RFC 7807 problem JSON with a stable reason; stack traces stay in the
 * log, where unexpected errors are logged once, here. Reasons: {@code unauthorized} (401, with {@code WWW-Authenticate:
 * Bearer}), {@code forbidden} (403), {@code identity-provider-unavailable} (503, {@code Retry-After}), {@code bad-json}
 * (400, naming the field), {@code not-found}, {@code method-not-allowed}, {@code not-acceptable}, {@code too-large},
 * {@code unsupported-media-type}, {@code internal} (500), and whatever a {@link ProblemException} says. Priority 1 puts
 * these ahead of the framework's built-in mappers (quarkus-rest-jackson answers a bare 400 for a mismatched body).
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** How long a client should wait before retrying when the identity provider cannot be reached. */
    static final Duration IDP_RETRY = Duration.ofSeconds(5);

    @ServerExceptionMapper(priority = 1)
    public Response problem(ProblemException e) {
        return respond(e.problem(), e.retryAfter());
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(AuthenticationFailedException e) {
        return identityProviderDown(e) ? idpUnavailable() : unauthorized();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e) {
        return respond(FORBIDDEN);
    }

    @ServerExceptionMapper(priority = 1)
    public Response oidc(OIDCException e) {
        return idpUnavailable();
    }

    @ServerExceptionMapper(
            value = {
                MismatchedInputException.class,
                JsonMappingException.class,
                JsonParseException.class,
                JsonProcessingException.class
            },
            priority = 1)
    public Response json(JsonProcessingException e) {
        return respond(JsonProblems.of(e));
    }

    @ServerExceptionMapper(priority = 1)
    public Response web(WebApplicationException e) {
        if (e.getCause() instanceof JsonProcessingException json) return respond(JsonProblems.of(json));
        int status = e.getResponse().getStatus();
        if (status == 401) return unauthorized();
        if (status < 400) status = 500;
        Problem p = Problem.of(status, reason(status), status >= 500 ? "the request failed" : e.getMessage());
        Response r = respond(p);
        // Keep what the framework said about the method (405 Allow) on the problem answer.
        String allow = e.getResponse().getHeaderString("Allow");
        if (allow != null) r.getHeaders().putSingle("Allow", allow);
        return r;
    }

    @ServerExceptionMapper(priority = 1)
    public Response unexpected(Exception e) {
        LOG.error("unexpected error", e);
        return respond(Problem.of(500, "internal", "the service failed to handle this request"));
    }

    /** Stable reasons for the statuses the framework itself raises (unknown path, method, media type). */
    public static String reason(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "too-large";
            case 415 -> "unsupported-media-type";
            case 500 -> "internal";
            default -> "http-" + status;
        };
    }

    public static Response respond(Problem p) {
        return respond(p, Optional.empty());
    }

    public static Response respond(Problem p, Optional<Duration> retryAfter) {
        Response.ResponseBuilder r = Response.status(p.status())
                .type(Problem.MEDIA_TYPE)
                .header("Cache-Control", "no-store")
                .entity(p.toJson());
        retryAfter.ifPresent(d -> r.header("Retry-After", ProblemException.retryAfterSeconds(d)));
        if (p.status() == 401) r.header("WWW-Authenticate", "Bearer");
        return r.build();
    }

    static final Problem UNAUTHORIZED =
            Problem.of(401, "unauthorized", "a valid bearer access token for audience riffle-services is required");
    static final Problem FORBIDDEN = Problem.of(403, "forbidden", "the token lacks the role this call needs");
    static final Problem IDP_UNAVAILABLE =
            Problem.of(503, "identity-provider-unavailable", "the token issuer cannot be reached; retry later");

    static Response unauthorized() {
        return respond(UNAUTHORIZED);
    }

    static Response idpUnavailable() {
        return respond(IDP_UNAVAILABLE, Optional.of(IDP_RETRY));
    }

    /**
     * Whether authentication failed because the issuer could not be reached (its keys or discovery document could not
     * be loaded) rather than because of the token. quarkus-oidc reports both as an authentication failure.
     */
    static boolean identityProviderDown(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof OIDCException || c instanceof java.net.ConnectException) return true;
            if (c.getCause() == c) break;
        }
        return false;
    }
}
