package dev.riffle.servicekit.quarkus;

import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.VertxProblems;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Errors that Quarkus and Vert.x raise before or outside the JAX-RS exception mappers also leave as RFC 7807 problem
 * JSON: a body over {@code quarkus.http.limits.max-body-size} (Quarkus would answer a bare 413), paths no route
 * serves (a bare 404), and failures of Vert.x routes (Quarkus's error page). Errors the HTTP codec raises before
 * routing (431 headers too large, 414 URI too long, 400 malformed request line) stay Netty's plain answers. Applies to
 * the main HTTP router of every service; the management interface has its own router.
 */
@ApplicationScoped
public class FrameworkProblems {
    private static final Logger LOG = Logger.getLogger(FrameworkProblems.class);
    /** Quarkus's own upload-limit handler sits at order -2 ({@code RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT}). */
    static final int BEFORE_UPLOAD_LIMIT = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    void init(@Observes Router router) {
        maxBodySize.ifPresent(limit -> router.route().order(BEFORE_UPLOAD_LIMIT).handler(rc -> {
            String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && tooLarge(length, limit.asLongValue())) {
                // Like Quarkus: refuse before reading the body, and close so the unread body is not parsed as a
                // request.
                rc.response().putHeader(HttpHeaders.CONNECTION, "close");
                if (rc.request().connection() != null) {
                    rc.response().endHandler(v -> rc.request().connection().close());
                }
                VertxProblems.send(
                        rc.response(),
                        Problem.of(
                                413,
                                "too-large",
                                "request bodies are limited to " + limit.asLongValue()
                                        + " bytes; send uploads in chunks"));
                return;
            }
            rc.next();
        }));
        router.route()
                .order(Integer.MAX_VALUE)
                .handler(rc -> VertxProblems.send(rc.response(), Problem.of(404, "not-found", "no such resource")));
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
    }

    private void failure(RoutingContext rc) {
        HttpServerResponse res = rc.response();
        if (res.headWritten()) {
            // Too late for a problem body: the status line is on the wire already.
            if (!res.ended()) res.reset();
            return;
        }
        Throwable failure = rc.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            // Proactive authentication fails here, before JAX-RS: same answers as the mappers give.
            boolean down = ProblemMappers.identityProviderDown(failure);
            if (!down) res.putHeader("WWW-Authenticate", "Bearer");
            else res.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(ProblemMappers.IDP_RETRY.toSeconds()));
            VertxProblems.send(res, down ? ProblemMappers.IDP_UNAVAILABLE : ProblemMappers.UNAUTHORIZED);
            return;
        }
        if (failure instanceof ForbiddenException) {
            VertxProblems.send(res, ProblemMappers.FORBIDDEN);
            return;
        }
        int status = rc.statusCode() >= 400 ? rc.statusCode() : 500;
        Problem p;
        if (status == 413) {
            p = Problem.of(413, "too-large", "the request body is too large");
        } else if (status >= 500) {
            LOG.error(
                    "unexpected error on " + rc.request().method() + " "
                            + rc.request().path(),
                    rc.failure());
            p = Problem.of(500, "internal", "the service failed to handle this request");
        } else {
            p = Problem.of(status, ProblemMappers.reason(status), "the request was refused");
        }
        VertxProblems.send(res, p);
    }

    static boolean tooLarge(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // the codec or the resource rejects a malformed length
        }
    }
}
