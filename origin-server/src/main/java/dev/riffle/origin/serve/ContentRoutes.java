package dev.riffle.origin.serve;

import dev.riffle.origin.catalog.CatalogStore;
import dev.riffle.origin.catalog.Title;
import dev.riffle.origin.catalog.TitleStatus;
import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.store.ContentFile;
import dev.riffle.origin.store.ContentStore;
import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.VertxProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CDN edge: {@code GET|HEAD /content/{titleId}/{path}} for published titles, straight on the Vert.x event loop.
 * File metadata is looked up once on a worker thread and cached (a published version never changes); small files
 * (playlists, manifests) are kept in memory; large ones go out with {@code sendFile} (zero-copy over HTTP/1.1).
 * Conditional GET (ETag / If-Modified-Since → 304), single byte ranges (206 / 416), HEAD.
 */
@ApplicationScoped
public class ContentRoutes {
    public static final String PREFIX = "/content/";
    private static final int MAX_ENTRIES = 100_000;

    @Inject
    CatalogStore catalog;

    @Inject
    ContentStore store;

    @Inject
    OriginConfig config;

    @Inject
    MeterRegistry metrics;

    @Inject
    Vertx vertx;

    /**
     * A file of one live version: key is {@code titleId/version/path}. Header values are pre-encoded ASCII (Netty
     * copies their bytes as they are instead of encoding a String per response).
     */
    record Entry(
            ContentFile file,
            ContentKind kind,
            CharSequence contentType,
            CharSequence etag,
            CharSequence lastModified,
            CharSequence cacheControl,
            CharSequence fullLength,
            Buffer bytes) {}

    private static final CharSequence BYTES = HttpHeaders.createOptimized("bytes");

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();
    private final Map<ContentKind, Counter> bytesServed = new EnumMap<>(ContentKind.class);

    void init(@Observes Router router) {
        for (ContentKind k : ContentKind.values()) {
            bytesServed.put(
                    k,
                    Counter.builder("riffle_origin_served_bytes_total")
                            .description("bytes of published content sent by the edge (bodies only)")
                            .tag("kind", k.name().toLowerCase(java.util.Locale.ROOT))
                            .register(metrics));
        }
        router.route(PREFIX + "*").order(-100).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest req = rc.request();
        HttpServerResponse res = rc.response();
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            res.putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            problem(res, 405, "method-not-allowed", "only GET and HEAD are served here");
            return;
        }
        String path = req.path();
        int slash = path.indexOf('/', PREFIX.length());
        if (slash < 0 || slash == path.length() - 1) {
            problem(res, 404, "not-found", "no such content");
            return;
        }
        String titleId = path.substring(PREFIX.length(), slash);
        String rel = path.substring(slash + 1);
        Title t = catalog.find(titleId).orElse(null);
        if (t == null || t.status() != TitleStatus.PUBLISHED || t.liveVersion() == null) {
            problem(res, 404, "not-found", "no such published title");
            return;
        }
        String key = titleId + "/" + t.liveVersion() + "/" + rel;
        Entry e = entries.get(key);
        if (e != null) {
            serve(req, res, e);
            return;
        }
        vertx.<Optional<Entry>>executeBlocking(() -> load(titleId, rel), false).onComplete(ar -> {
            if (ar.failed() || ar.result().isEmpty()) {
                problem(res, 404, "not-found", "no such content");
                return;
            }
            Entry loaded = ar.result().get();
            if (entries.size() >= MAX_ENTRIES) clear();
            entries.put(key, loaded);
            serve(req, res, loaded);
        });
    }

    private Optional<Entry> load(String titleId, String rel) throws java.io.IOException {
        Optional<ContentFile> f = store.find(titleId, rel);
        if (f.isEmpty()) return Optional.empty();
        ContentFile file = f.get();
        ContentKind kind = ContentKind.of(rel);
        Buffer bytes = null;
        long room = config.serve().smallFileCacheBytes() - cachedBytes.get();
        if (file.size() <= config.serve().smallFileBytes() && file.size() <= room) {
            bytes = Buffer.buffer(Files.readAllBytes(file.path()));
            cachedBytes.addAndGet(bytes.length());
        }
        return Optional.of(new Entry(
                file,
                kind,
                HttpHeaders.createOptimized(kind.mediaType()),
                HttpHeaders.createOptimized(file.etag()),
                HttpHeaders.createOptimized(HttpValidators.httpDate(file.lastModified())),
                HttpHeaders.createOptimized(kind.cacheControl(
                        config.serve().segmentMaxAgeSeconds(), config.serve().playlistMaxAgeSeconds())),
                HttpHeaders.createOptimized(Long.toString(file.size())),
                bytes));
    }

    /** Forgets cached metadata and bytes (on unpublish; and when the cache is full). */
    public void clear() {
        entries.clear();
        cachedBytes.set(0);
    }

    private void serve(HttpServerRequest req, HttpServerResponse res, Entry e) {
        ContentFile f = e.file();
        res.putHeader(HttpHeaders.CONTENT_TYPE, e.contentType())
                .putHeader(HttpHeaders.ETAG, e.etag())
                .putHeader(HttpHeaders.LAST_MODIFIED, e.lastModified())
                .putHeader(HttpHeaders.CACHE_CONTROL, e.cacheControl())
                .putHeader(HttpHeaders.ACCEPT_RANGES, BYTES);
        if (HttpValidators.notModified(
                req.getHeader(HttpHeaders.IF_NONE_MATCH),
                req.getHeader(HttpHeaders.IF_MODIFIED_SINCE),
                f.etag(),
                f.lastModified())) {
            res.setStatusCode(304).end();
            return;
        }
        ByteRange range = ByteRange.parse(req.getHeader("Range"), f.size());
        if (!(range instanceof ByteRange.Full)
                && !HttpValidators.rangeStillValid(req.getHeader("If-Range"), f.etag(), f.lastModified())) {
            range = ByteRange.FULL;
        }
        if (range instanceof ByteRange.Unsatisfiable) {
            res.putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + f.size());
            problem(res, 416, "range-not-satisfiable", "range outside 0.." + (f.size() - 1));
            return;
        }
        long offset = 0;
        long length = f.size();
        if (range instanceof ByteRange.Partial p) {
            offset = p.first();
            length = p.length();
            res.setStatusCode(206)
                    .putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + p.first() + "-" + p.last() + "/" + f.size());
        }
        res.putHeader(HttpHeaders.CONTENT_LENGTH, length == f.size() ? e.fullLength() : Long.toString(length));
        if (req.method() == HttpMethod.HEAD) {
            res.end();
            return;
        }
        bytesServed.get(e.kind()).increment(length);
        if (e.bytes() != null) {
            res.end(
                    offset == 0 && length == f.size()
                            ? e.bytes()
                            : e.bytes().getBuffer((int) offset, (int) (offset + length)));
        } else {
            res.sendFile(f.path().toString(), offset, length);
        }
    }

    private static void problem(HttpServerResponse res, int status, String reason, String detail) {
        VertxProblems.send(res, Problem.of(status, reason, detail));
    }
}
