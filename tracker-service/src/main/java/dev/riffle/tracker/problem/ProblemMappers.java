package dev.riffle.tracker.problem;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of the HTTP API to problem JSON; unexpected ones are left to Quarkus, which answers 500 without a stack trace in production. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "not-found", "no such resource").toResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 401 || status == 403) {
            return e.getResponse();
        }
        String reason = status == 415 ? "unsupported-media-type" : status == 405 ? "method-not-allowed" : "bad-request";
        return Problem.of(status, reason, "request not accepted").toResponse();
    }
}
