package dev.riffle.tracker.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/**
 * RFC 7807 problem details. {@code reason} is the stable machine-readable cause; {@code type} is a URI made from it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://riffle.dev/problems/tracker/";

    public static Problem of(int status, String reason, String detail) {
        return new Problem(
                TYPE_BASE + reason, Response.Status.fromStatusCode(status).getReasonPhrase(), status, detail, reason);
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
