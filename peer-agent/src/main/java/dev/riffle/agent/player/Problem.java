package dev.riffle.agent.player;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** RFC 7807 answers with a stable {@code type}; never a stack trace. */
final class Problem {
    private Problem() {}

    static void send(RoutingContext rc, int status, String reason, String detail) {
        if (rc.response().ended() || rc.response().closed()) return;
        var body = new JsonObject()
                .put("type", "https://riffle.dev/problems/" + reason)
                .put("title", reason.replace('-', ' '))
                .put("status", status)
                .put("detail", detail);
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
