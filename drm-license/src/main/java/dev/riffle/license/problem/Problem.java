package dev.riffle.license.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * RFC 7807 problem details. {@code reason} is the stable, machine-readable code (also the last segment of {@code
 * type}): {@code plan}, {@code territory}, {@code window}, {@code concurrent_streams}, {@code devices}, {@code
 * unknown_key} (403), {@code role} (403), {@code unauthorized} (401), {@code bad_request}, {@code malformed_json},
 * {@code malformed_kid}, {@code unsupported_type} (400), {@code unknown_session}, {@code not_found} (404), {@code
 * payload_too_large} (413), ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://riffle.dev/problems/";

    public static Problem of(int status, String reason, String title, String detail) {
        return new Problem(TYPE_BASE + reason, title, status, detail, reason);
    }

    public Response toResponse() {
        return Response.status(status)
                .type(MediaType.valueOf(MEDIA_TYPE))
                .header("Cache-Control", "no-store")
                .entity(this)
                .build();
    }
}
