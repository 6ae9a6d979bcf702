package dev.riffle.agent.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The agent's playback sessions at drm-license, one per title being played: opened ({@code POST /v1/sessions}) before
 * the title's first key request, heartbeated ({@code PUT /v1/sessions/{id}}) every {@code heartbeatSeconds} the server
 * names while the title plays, released ({@code DELETE}) when the title's session closes or its player goes idle, so
 * the account's concurrent-stream slot is free for another device at once rather than after the server's TTL. A
 * heartbeat answered 404 (the session lapsed, e.g. the agent was suspended) opens a new one. Token and device id go on
 * every request; the token is never logged.
 */
public final class LicenseSessions implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LicenseSessions.class.getName());

    private final Vertx vertx;
    private final WebClient client;
    private final URI license;
    private final Supplier<String> token;
    private final String deviceId;
    private final Duration timeout;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Map<String, Future<String>> opening = new ConcurrentHashMap<>();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong releases = new AtomicLong();

    private record Live(String sessionId, long timerId) {}

    public LicenseSessions(Vertx vertx, URI license, Supplier<String> token, String deviceId, Duration timeout) {
        this.vertx = vertx;
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("riffle-agent"));
        this.license = OriginClient.withSlash(license);
        this.token = token;
        this.deviceId = deviceId;
        this.timeout = timeout;
    }

    /** Refused by drm-license (403 {@code concurrent_streams}, {@code devices}, …) or unreachable (502). */
    public static final class SessionException extends RuntimeException {
        private final int status;

        public SessionException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * The live session id of a title, opening one if there is none; {@code null} if the license server has no session
     * API (404/405: a plain key server, as in tests), in which case keys are asked for without one.
     */
    public Future<String> ensure(String titleId) {
        Live l = live.get(titleId);
        if (l != null) return Future.succeededFuture(l.sessionId());
        return opening.computeIfAbsent(titleId, t -> {
            Future<String> f = open(t);
            f.onComplete(x -> opening.remove(t));
            return f;
        });
    }

    public Optional<String> sessionId(String titleId) {
        return Optional.ofNullable(live.get(titleId)).map(Live::sessionId);
    }

    public long heartbeats() {
        return heartbeats.get();
    }

    public long releases() {
        return releases.get();
    }

    /** Ends the title's session at the server (if any); completes once drm-license answered (or failed). */
    public Future<Void> release(String titleId) {
        Live l = live.remove(titleId);
        if (l == null) return Future.succeededFuture();
        vertx.cancelTimer(l.timerId());
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            return Future.succeededFuture(); // it lapses by itself after the server's TTL
        }
        return client.deleteAbs(url("v1/sessions/" + l.sessionId()))
                .timeout(timeout.toMillis())
                .putHeader("Authorization", "Bearer " + bearer)
                .putHeader("Riffle-Device-Id", deviceId)
                .send()
                .<Void>map(r -> {
                    if (r.statusCode() == 204 || r.statusCode() == 404) releases.incrementAndGet();
                    return null;
                })
                .otherwiseEmpty();
    }

    private Future<String> open(String titleId) {
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(new SessionException(403, "no subscriber token: " + e.getMessage()));
        }
        return client.postAbs(url("v1/sessions"))
                .timeout(timeout.toMillis())
                .putHeader("Authorization", "Bearer " + bearer)
                .putHeader("Riffle-Device-Id", deviceId)
                .sendJsonObject(new JsonObject().put("titleId", titleId))
                .recover(e -> Future.failedFuture(new SessionException(502, "license server unreachable")))
                .compose(r -> {
                    if (r.statusCode() == 404 || r.statusCode() == 405) return Future.succeededFuture(null);
                    if (r.statusCode() != 201) return Future.failedFuture(refused(r));
                    JsonObject body = r.bodyAsJsonObject();
                    String id = body.getString("sessionId");
                    long every = Math.max(1, body.getLong("heartbeatSeconds", 30L)) * 1000;
                    long timer = vertx.setPeriodic(every, t -> heartbeat(titleId));
                    Live previous = live.put(titleId, new Live(id, timer));
                    if (previous != null) vertx.cancelTimer(previous.timerId());
                    return Future.succeededFuture(id);
                });
    }

    private void heartbeat(String titleId) {
        Live l = live.get(titleId);
        if (l == null) return;
        String bearer;
        try {
            bearer = token.get();
        } catch (RuntimeException e) {
            return; // next tick; the session lapses if the token never comes back
        }
        client.putAbs(url("v1/sessions/" + l.sessionId()))
                .timeout(timeout.toMillis())
                .putHeader("Authorization", "Bearer " + bearer)
                .putHeader("Riffle-Device-Id", deviceId)
                .send()
                .onSuccess(r -> {
                    if (r.statusCode() == 200) {
                        heartbeats.incrementAndGet();
                    } else if (r.statusCode() == 404 && live.remove(titleId, l)) {
                        // Lapsed (suspended laptop, long network loss): a new session, admitted or not by the limits.
                        vertx.cancelTimer(l.timerId());
                        ensure(titleId)
                                .onFailure(e -> LOG.warning("license session of " + titleId + " lapsed and"
                                        + " could not be renewed: " + e.getMessage()));
                    }
                });
    }

    private static SessionException refused(HttpResponse<Buffer> r) {
        String reason = "";
        try {
            JsonObject p = r.bodyAsJsonObject();
            if (p != null) reason = p.getString("reason", "");
        } catch (RuntimeException e) {
            // not problem JSON
        }
        int status = r.statusCode() == 401 || r.statusCode() == 403 ? 403 : 502;
        return new SessionException(
                status,
                "license server refused the session: " + r.statusCode() + (reason.isEmpty() ? "" : " " + reason));
    }

    private String url(String path) {
        return license.resolve(path).toString();
    }

    /** Releases every session (best effort: the requests go out, nothing waits for them), then closes the client. */
    @Override
    public void close() {
        releaseAll().onComplete(x -> client.close());
    }

    /** Releases every session and completes when drm-license answered them all. */
    public Future<Void> releaseAll() {
        return Future.join(live.keySet().stream().map(this::release).toList()).mapEmpty();
    }
}
