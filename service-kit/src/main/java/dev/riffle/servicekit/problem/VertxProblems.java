package dev.riffle.servicekit.problem;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** Writes problems from Vert.x routes (the origin's edge, the tracker's fast path, the agent's player side). */
public final class VertxProblems {
    private VertxProblems() {}

    public static void send(RoutingContext rc, int status, String reason, String detail) {
        send(rc.response(), Problem.of(status, reason, detail));
    }

    /** Ends {@code res} with the problem, unless it is already ended or closed. */
    public static void send(HttpServerResponse res, Problem p) {
        if (res.ended() || res.closed()) return;
        res.setStatusCode(p.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(p.toJson());
    }
}
