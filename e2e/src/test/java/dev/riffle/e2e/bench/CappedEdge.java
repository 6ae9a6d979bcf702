package dev.riffle.e2e.bench;

import dev.riffle.agent.transport.TokenBucket;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A CDN edge with a fixed egress capacity: a reverse proxy on 127.0.0.1 in front of the origin whose response bodies,
 * all together, leave no faster than {@code bytesPerSec} (one token bucket for the whole edge). Streams take turns
 * chunk by chunk, so a capped edge slows every viewer alike instead of serving one and starving the rest.
 *
 * <p>It runs on its own single-threaded Vert.x, so the bucket and the queue need no locks and the proxy does not
 * compete with the agents' event loops for a thread (it still competes for the CPU).
 */
final class CappedEdge implements AutoCloseable {
    private static final List<String> PASSED_REQUEST_HEADERS =
            List.of("Range", "If-Range", "If-None-Match", "If-Modified-Since", "Accept");
    private static final List<String> PASSED_RESPONSE_HEADERS = List.of(
            "Content-Type",
            "Content-Length",
            "Content-Range",
            "Accept-Ranges",
            "ETag",
            "Last-Modified",
            "Cache-Control");

    private final Vertx vertx;
    private final HttpClient client;
    private final HttpServer server;
    private final TokenBucket bucket;
    private final Deque<Stream> waiting = new ArrayDeque<>();
    private long timer = -1;

    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicLong segmentBytesServed = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    private CappedEdge(Vertx vertx, HttpClient client, HttpServer server, TokenBucket bucket) {
        this.vertx = vertx;
        this.client = client;
        this.server = server;
        this.bucket = bucket;
    }

    /**
     * @param origin the origin's base URL (http, no path)
     * @param bytesPerSec the edge's egress capacity; 0 = uncapped
     */
    static CappedEdge start(URI origin, long bytesPerSec) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(origin.getHost())
                .setDefaultPort(origin.getPort())
                .setMaxPoolSize(64)
                .setKeepAlive(true));
        // A small burst keeps the cap tight over short windows; a chunk larger than it still passes when full.
        TokenBucket bucket = bytesPerSec == 0
                ? TokenBucket.unlimited()
                : new TokenBucket(bytesPerSec, Math.max(16 * 1024, bytesPerSec / 20), System.nanoTime());
        CappedEdge[] self = new CappedEdge[1];
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
                .requestHandler(r -> self[0].proxy(r));
        self[0] = new CappedEdge(vertx, client, server, bucket);
        server.listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return self[0];
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    long bytesServed() {
        return bytesServed.get();
    }

    long segmentBytesServed() {
        return segmentBytesServed.get();
    }

    long requests() {
        return requests.get();
    }

    long failures() {
        return failures.get();
    }

    /** Zeroes the counters between runs (the bucket keeps its state: it is the edge's, not the run's). */
    void resetCounters() {
        bytesServed.set(0);
        segmentBytesServed.set(0);
        requests.set(0);
        failures.set(0);
    }

    /** One response body being paced out. */
    private final class Stream {
        final HttpServerResponse out;
        final HttpClientResponse in;
        final boolean segment;
        final Deque<Buffer> chunks = new ArrayDeque<>();
        boolean ended;
        boolean queued;
        boolean dead;

        Stream(HttpServerResponse out, HttpClientResponse in, boolean segment) {
            this.out = out;
            this.in = in;
            this.segment = segment;
        }
    }

    private void proxy(HttpServerRequest req) {
        requests.incrementAndGet();
        if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
            req.response().setStatusCode(405).end();
            return;
        }
        req.pause();
        var options = new RequestOptions().setMethod(req.method()).setURI(req.uri());
        for (String h : PASSED_REQUEST_HEADERS) {
            String v = req.getHeader(h);
            if (v != null) options.putHeader(h, v);
        }
        HttpServerResponse out = req.response();
        client.request(options)
                .compose(r -> r.send())
                .onSuccess(in -> relay(req, out, in))
                .onFailure(e -> {
                    failures.incrementAndGet();
                    if (!out.ended() && !out.closed()) out.setStatusCode(502).end();
                });
    }

    private void relay(HttpServerRequest req, HttpServerResponse out, HttpClientResponse in) {
        if (out.closed()) {
            in.request(); // nobody to send to; let the client connection drain
            return;
        }
        out.setStatusCode(in.statusCode());
        for (String h : PASSED_RESPONSE_HEADERS) {
            String v = in.getHeader(h);
            if (v != null) out.putHeader(h, v);
        }
        if (in.getHeader("Content-Length") == null) out.setChunked(true);
        var s = new Stream(out, in, req.path().endsWith(".ts"));
        out.closeHandler(v -> {
            if (!s.ended || !s.chunks.isEmpty()) failures.incrementAndGet();
            s.dead = true;
            s.chunks.clear();
            in.resume();
        });
        in.handler(b -> {
            if (s.dead) return;
            s.chunks.add(b);
            in.pause();
            enqueue(s);
        });
        in.endHandler(v -> {
            s.ended = true;
            if (s.chunks.isEmpty() && !s.dead) out.end();
        });
        in.exceptionHandler(e -> {
            failures.incrementAndGet();
            s.dead = true;
            out.reset();
        });
    }

    private void enqueue(Stream s) {
        if (!s.queued) {
            s.queued = true;
            waiting.add(s);
        }
        drain();
    }

    /** Sends queued chunks round-robin while the bucket has tokens; otherwise waits for it with a timer. */
    private void drain() {
        while (!waiting.isEmpty()) {
            Stream s = waiting.peek();
            if (s.dead || s.chunks.isEmpty()) {
                waiting.poll();
                s.queued = false;
                continue;
            }
            Buffer b = s.chunks.peek();
            long now = System.nanoTime();
            if (!bucket.tryTake(b.length(), now)) {
                if (timer < 0) {
                    long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(bucket.nanosUntil(b.length(), now)));
                    timer = vertx.setTimer(wait, t -> {
                        timer = -1;
                        drain();
                    });
                }
                return;
            }
            s.chunks.poll();
            waiting.poll();
            s.queued = false;
            bytesServed.addAndGet(b.length());
            if (s.segment) segmentBytesServed.addAndGet(b.length());
            s.out.write(b);
            if (!s.chunks.isEmpty()) {
                s.queued = true;
                waiting.add(s);
            } else if (s.ended) {
                s.out.end();
            } else if (s.out.writeQueueFull()) {
                s.out.drainHandler(v -> s.in.resume());
            } else {
                s.in.resume();
            }
        }
    }

    @Override
    public void close() throws Exception {
        Future<Void> f = server.close().compose(v -> client.close());
        f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
