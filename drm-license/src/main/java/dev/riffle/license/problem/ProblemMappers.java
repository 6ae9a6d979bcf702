package dev.riffle.license.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as problem JSON; no stack trace reaches a client. Unexpected errors are logged once, here. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthenticated(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper(priority = 1)
    public Response unauthorized(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper(priority = 1)
    public Response forbidden(ForbiddenException e) {
        return Problem.of(403, "role", "Forbidden", "this endpoint needs another role")
                .toResponse();
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mapping(com.fasterxml.jackson.databind.JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper(priority = 1)
    public Response parse(com.fasterxml.jackson.core.JsonParseException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return Problem.of(400, "malformed_json", "Bad request", "the body is not the expected JSON")
                .toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException) {
            return json((JsonProcessingException) e.getCause());
        }
        String reason =
                switch (status) {
                    case 400 -> "bad_request";
                    case 401 -> "unauthorized";
                    case 403 -> "role";
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 406 -> "not_acceptable";
                    case 413 -> "payload_too_large";
                    case 415 -> "unsupported_media_type";
                    default -> "http_" + status;
                };
        String title = Response.Status.fromStatusCode(status) != null
                ? Response.Status.fromStatusCode(status).getReasonPhrase()
                : "Error";
        Response r = Problem.of(status, reason, title, null).toResponse();
        return status == 401 ? withChallenge(r) : r;
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.errorf("unexpected error: %s", e.toString());
        return Problem.of(500, "internal", "Internal error", "see the server log")
                .toResponse();
    }

    static Response unauthorized() {
        return withChallenge(Problem.of(
                        401,
                        "unauthorized",
                        "Unauthorized",
                        "a valid bearer access token for audience riffle-services is required")
                .toResponse());
    }

    private static Response withChallenge(Response r) {
        return Response.fromResponse(r).header("WWW-Authenticate", "Bearer").build();
    }
}
