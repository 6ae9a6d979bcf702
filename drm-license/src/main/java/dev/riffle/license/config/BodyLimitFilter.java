package dev.riffle.license.config;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.quarkus.ProblemMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses bodies larger than {@code riffle.license.max-body-bytes} with 413 problem JSON, before anything is read
 * (Quarkus' own {@code quarkus.http.limits.max-body-size} caps chunked bodies).
 */
public class BodyLimitFilter {
    private final LicenseConfig config;

    public BodyLimitFilter(LicenseConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext ctx) {
        String length = ctx.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return null;
        }
        try {
            if (Long.parseLong(length.trim()) <= config.maxBodyBytes()) {
                return null;
            }
        } catch (NumberFormatException e) {
            return ProblemMappers.respond(Problem.of(400, "bad-request", "invalid Content-Length"));
        }
        return ProblemMappers.respond(
                Problem.of(413, "too-large", "bodies are limited to " + config.maxBodyBytes() + " bytes"));
    }
}
