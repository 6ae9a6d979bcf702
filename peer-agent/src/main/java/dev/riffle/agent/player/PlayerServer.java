package dev.riffle.agent.player;

import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.agent.session.KeyClient;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.servicekit.problem.VertxProblems;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The player side, on 127.0.0.1 only: playlists written from the signed manifest, segments from the cache (waiting
 * on the fetch loop), keys fetched from drm-license with the subscriber's token, {@code /status} and {@code /metrics}.
 */
public final class PlayerServer {
    private static final Logger LOG = Logger.getLogger(PlayerServer.class.getName());
    private static final Pattern SEGMENT = Pattern.compile("(0|[1-9][0-9]{0,9})\\.(ts|vtt)");
    private static final String M3U8 = "application/vnd.apple.mpegurl";

    private final Vertx vertx;
    private final PlayerBackend agent;
    private final Consumer<Router> more;
    private HttpServer server;

    public PlayerServer(Vertx vertx, PlayerBackend agent) {
        this(vertx, agent, router -> {});
    }

    /** With more routes ({@code more} adds them, e.g. the subscriber's app), mounted before the 404. */
    public PlayerServer(Vertx vertx, PlayerBackend agent, Consumer<Router> more) {
        this.vertx = vertx;
        this.agent = agent;
        this.more = more;
    }

    public Future<Integer> listen(int port) {
        Router router = Router.router(vertx);
        router.get("/play/:title/master.m3u8").handler(this::master);
        router.get("/play/:title/keys/:kid").handler(this::key);
        router.get("/play/:title/:rendition/index.m3u8").handler(this::media);
        router.get("/play/:title/:rendition/:segment").handler(this::segment);
        router.get("/status").handler(this::status);
        router.get("/metrics").handler(this::metrics);
        more.accept(router);
        router.route().last().handler(rc -> VertxProblems.send(rc, 404, "not-found", "no such resource"));
        router.route().failureHandler(rc -> {
            LOG.warning("player request failed: " + rc.failure());
            VertxProblems.send(rc, rc.statusCode() > 0 ? rc.statusCode() : 500, "internal", "the agent failed");
        });
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
                .requestHandler(router)
                .listen(port)
                .map(s -> {
                    server = s;
                    return s.actualPort();
                });
    }

    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    private static boolean safe(String name) {
        try {
            new SegmentKey(name, "r", 0);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The title's fetch loop, loading its manifest on first use; fails with {@link BadRequest} for a bad id. */
    private Future<TitleSession> title(RoutingContext rc) {
        String t = rc.pathParam("title");
        if (!safe(t)) return Future.failedFuture(new BadRequest("bad title id"));
        agent.playerActivity(t);
        return agent.session(t);
    }

    private void master(RoutingContext rc) {
        title(rc)
                .onSuccess(s -> playlist(rc, PlaylistWriter.master(s.manifest())))
                .onFailure(e -> manifestFailure(rc, e));
    }

    private void media(RoutingContext rc) {
        String rendition = rc.pathParam("rendition");
        title(rc)
                .onSuccess(s -> {
                    var r = s.manifest().rendition(rendition);
                    if (r.isEmpty()) {
                        VertxProblems.send(rc, 404, "not-found", "no such rendition");
                        return;
                    }
                    s.playlistRequested(rendition);
                    playlist(
                            rc,
                            s.manifest().isLive()
                                    ? PlaylistWriter.live(
                                            s.manifest(),
                                            r.get(),
                                            s.livePolicy().offerMillis(),
                                            s.liveListedUpTo(rendition))
                                    : PlaylistWriter.media(s.manifest(), r.get()));
                })
                .onFailure(e -> manifestFailure(rc, e));
    }

    private void segment(RoutingContext rc) {
        String rendition = rc.pathParam("rendition");
        var m = SEGMENT.matcher(rc.pathParam("segment"));
        if (!m.matches() || !safe(rendition)) {
            VertxProblems.send(rc, 404, "not-found", "no such segment");
            return;
        }
        long seq = Long.parseLong(m.group(1));
        title(rc)
                .onSuccess(s -> {
                    var r = s.manifest().rendition(rendition);
                    if (s.manifest().segment(rendition, seq).isEmpty()
                            || !PlaylistWriter.segmentName(r.orElseThrow(), seq).equals(rc.pathParam("segment"))) {
                        VertxProblems.send(rc, 404, "not-found", "no such segment");
                        return;
                    }
                    String type = rc.pathParam("segment").endsWith(".vtt") ? "text/vtt" : "video/mp2t";
                    s.segment(rendition, seq, agent.segmentWait())
                            .onSuccess(bytes -> rc.response()
                                    .putHeader("Content-Type", type)
                                    .putHeader("Cache-Control", "private, max-age=1209600, immutable")
                                    .end(Buffer.buffer(bytes)))
                            .onFailure(e -> VertxProblems.send(rc, 504, "segment-timeout", e.getMessage()));
                })
                .onFailure(e -> manifestFailure(rc, e));
    }

    private void key(RoutingContext rc) {
        String kid = rc.pathParam("kid");
        title(rc)
                .onSuccess(s -> {
                    // Only the title's own keys: the agent is not a general key oracle for whatever the player asks.
                    if (!PlaylistWriter.keyIds(s.manifest()).contains(kid)) {
                        VertxProblems.send(rc, 404, "not-found", "not this title's key");
                        return;
                    }
                    agent.key(s.manifest().titleId(), kid)
                            .onSuccess(key -> rc.response()
                                    .putHeader("Content-Type", "application/octet-stream")
                                    .putHeader("Cache-Control", "no-store")
                                    .end(Buffer.buffer(key)))
                            .onFailure(e -> {
                                int status = e instanceof KeyClient.KeyException k ? k.status() : 502;
                                VertxProblems.send(
                                        rc,
                                        status,
                                        status == 403 ? "no-license" : "license-unavailable",
                                        e.getMessage());
                            });
                })
                .onFailure(e -> manifestFailure(rc, e));
    }

    private void status(RoutingContext rc) {
        JsonObject json = agent.summary();
        List<Future<Map<String, Object>>> titles = new ArrayList<>();
        // Titles that failed to load are not listed; loading ones are awaited.
        agent.loadedSessions().forEach(s -> titles.add(s.status()));
        Future.join(titles).onComplete(x -> {
            var arr = new JsonArray();
            titles.forEach(f -> {
                if (f.succeeded()) arr.add(new JsonObject(f.result()));
            });
            rc.response()
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(json.put("titles", arr).encode());
        });
    }

    private void metrics(RoutingContext rc) {
        rc.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(agent.metrics());
    }

    private static void playlist(RoutingContext rc, String text) {
        rc.response()
                .putHeader("Content-Type", M3U8)
                .putHeader("Cache-Control", "no-cache")
                .end(text);
    }

    private static void manifestFailure(RoutingContext rc, Throwable e) {
        if (e instanceof BadRequest) {
            VertxProblems.send(rc, 400, "bad-request", e.getMessage());
        } else if (e instanceof OriginClient.UnknownTitle) {
            VertxProblems.send(rc, 404, "unknown-title", e.getMessage());
        } else {
            LOG.warning("manifest of " + rc.pathParam("title") + " unavailable: " + e.getMessage());
            VertxProblems.send(
                    rc, 502, "manifest-unavailable", "the title's signed manifest could not be loaded or verified");
        }
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String m) {
            super(m, null, false, false);
        }
    }

    public void close() {
        if (server != null) server.close();
    }
}
