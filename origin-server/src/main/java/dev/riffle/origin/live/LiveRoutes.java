package dev.riffle.origin.live;

import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.serve.ByteRange;
import dev.riffle.origin.serve.ContentRoutes;
import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.VertxProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The edge for live channels, ahead of the VOD edge on the same paths ({@code /content/{channelId}/...}), served from
 * memory:
 *
 * <ul>
 *   <li>{@code manifest.json}: the signed manifest of the window ({@code max-age=1});
 *   <li>{@code master.m3u8}, {@code {rendition}/index.m3u8}: HLS for players reading the edge directly;
 *   <li>{@code {rendition}/{n}.ts}: a segment, immutable (single byte ranges served);
 *   <li>{@code {rendition}/updates.json?after=N}: a JSON array of signed one-segment manifests after index N, waiting
 *       up to 10 s for the next (long poll; {@code []} when none came).
 * </ul>
 */
@ApplicationScoped
public class LiveRoutes {
    static final long LONG_POLL_MS = 10_000;

    @Inject
    LiveIngest ingest;

    @Inject
    OriginConfig config;

    @Inject
    InstantSource clock;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry metrics;

    private Counter segmentBytes;

    void init(@Observes Router router) {
        segmentBytes = Counter.builder("riffle_origin_served_bytes_total")
                .description("bytes of published content sent by the edge (bodies only)")
                .tag("kind", "live_segment")
                .register(metrics);
        router.route(ContentRoutes.PREFIX + "*").order(-101).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        String path = rc.request().path();
        int slash = path.indexOf('/', ContentRoutes.PREFIX.length());
        if (slash < 0) {
            rc.next();
            return;
        }
        String channel = path.substring(ContentRoutes.PREFIX.length(), slash);
        LiveWindow w = ingest.window(channel).orElse(null);
        if (w == null) {
            rc.next(); // not a live channel: the VOD edge
            return;
        }
        HttpServerResponse res = rc.response();
        if (rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            problem(res, 405, "method-not-allowed", "only GET and HEAD are served here");
            return;
        }
        String rel = path.substring(slash + 1);
        if (rel.equals("manifest.json")) {
            byte[] m = w.manifest(clock.instant());
            if (m == null) {
                res.putHeader("Retry-After", "1");
                problem(res, 503, "live-starting", "the channel has no segment yet");
            } else {
                send(res, "application/json", "max-age=1", Buffer.buffer(m));
            }
            return;
        }
        if (rel.equals("master.m3u8")) {
            send(res, "application/vnd.apple.mpegurl", "max-age=1", Buffer.buffer(w.masterPlaylist()));
            return;
        }
        int s = rel.indexOf('/');
        if (s <= 0 || rel.indexOf('/', s + 1) >= 0) {
            problem(res, 404, "not-found", "no such live content");
            return;
        }
        String rendition = rel.substring(0, s);
        String file = rel.substring(s + 1);
        if (file.equals("index.m3u8")) {
            w.mediaPlaylist(rendition, config.keyBaseUrl())
                    .ifPresentOrElse(
                            text -> send(res, "application/vnd.apple.mpegurl", "max-age=1", Buffer.buffer(text)),
                            () -> problem(res, 404, "not-found", "no such rendition"));
        } else if (file.equals("updates.json")) {
            updates(rc, w, rendition);
        } else if (file.endsWith(".ts") && file.length() > 3) {
            long index;
            try {
                index = Long.parseLong(file.substring(0, file.length() - 3));
            } catch (NumberFormatException e) {
                problem(res, 404, "not-found", "no such segment");
                return;
            }
            w.segment(rendition, index)
                    .ifPresentOrElse(
                            seg -> segment(rc, seg.bytes()),
                            () -> problem(res, 404, "not-found", "segment " + index + " is not in the live window"));
        } else {
            problem(res, 404, "not-found", "no such live content");
        }
    }

    private void updates(RoutingContext rc, LiveWindow w, String rendition) {
        long after;
        try {
            after = Long.parseLong(rc.request().getParam("after", "-1"));
        } catch (NumberFormatException e) {
            problem(rc.response(), 400, "bad-request", "after must be a segment index");
            return;
        }
        if (!w.renditions().contains(rendition)) {
            problem(rc.response(), 404, "not-found", "no such rendition");
            return;
        }
        CompletableFuture<List<byte[]>> f = w.updatesAfter(rendition, after);
        if (!f.isDone()) {
            long timer = vertx.setTimer(LONG_POLL_MS, id -> {
                w.forget(rendition, f);
                f.completeExceptionally(new TimeoutException());
            });
            rc.response().closeHandler(v -> {
                w.forget(rendition, f);
                vertx.cancelTimer(timer);
            });
            f.whenComplete((v, e) -> vertx.cancelTimer(timer));
        }
        var ctx = vertx.getOrCreateContext();
        f.whenComplete((docs, e) -> ctx.runOnContext(v -> {
            if (rc.response().ended() || rc.response().closed()) return;
            Buffer body = Buffer.buffer("[");
            if (e == null) {
                for (int i = 0; i < docs.size(); i++) {
                    if (i > 0) body.appendString(",");
                    body.appendBytes(docs.get(i));
                }
            }
            body.appendString("]");
            send(rc.response(), "application/json", "no-cache", body);
        }));
    }

    private void segment(RoutingContext rc, byte[] bytes) {
        HttpServerResponse res = rc.response();
        res.putHeader(HttpHeaders.CONTENT_TYPE, "video/mp2t")
                .putHeader(
                        HttpHeaders.CACHE_CONTROL,
                        "public, max-age=" + config.live().window().toSeconds() + ", immutable")
                .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        ByteRange range = ByteRange.parse(rc.request().getHeader("Range"), bytes.length);
        if (range instanceof ByteRange.Unsatisfiable) {
            res.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + bytes.length);
            problem(res, 416, "range-not-satisfiable", "range outside 0.." + (bytes.length - 1));
            return;
        }
        Buffer body = Buffer.buffer(bytes);
        if (range instanceof ByteRange.Partial p) {
            res.setStatusCode(206)
                    .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + bytes.length);
            body = body.getBuffer((int) p.first(), (int) p.last() + 1);
        }
        if (rc.request().method() == HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(body.length()))
                    .end();
            return;
        }
        segmentBytes.increment(body.length());
        res.end(body);
    }

    private static void send(HttpServerResponse res, String type, String cache, Buffer body) {
        res.putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CACHE_CONTROL, cache)
                .end(body);
    }

    private static void problem(HttpServerResponse res, int status, String reason, String detail) {
        VertxProblems.send(res, Problem.of(status, reason, detail));
    }
}
