package dev.riffle.agent.session;

import dev.riffle.agent.cdn.CdnFetchException;
import dev.riffle.agent.cdn.EdgeFetcher;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A CDN edge in memory: serves a {@link MemoryTitle} after a fixed delay and counts what it served per URI. */
final class FakeEdge implements EdgeFetcher {
    private final Vertx vertx;
    private final MemoryTitle title;
    private final long delayMillis;
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

    FakeEdge(Vertx vertx, MemoryTitle title, long delayMillis) {
        this.vertx = vertx;
        this.title = title;
        this.delayMillis = delayMillis;
    }

    @Override
    public Future<byte[]> fetch(String relativeUri, long size) {
        requests.computeIfAbsent(relativeUri, k -> new AtomicInteger()).incrementAndGet();
        byte[] b = title.bytes().get(relativeUri);
        return later(b == null ? null : b.clone());
    }

    @Override
    public Future<byte[]> fetchRange(String relativeUri, long first, long last, long size) {
        requests.computeIfAbsent(relativeUri, k -> new AtomicInteger()).incrementAndGet();
        byte[] b = title.bytes().get(relativeUri);
        return later(b == null ? null : Arrays.copyOfRange(b, (int) first, (int) last + 1));
    }

    private Future<byte[]> later(byte[] body) {
        Promise<byte[]> p = Promise.promise();
        vertx.setTimer(Math.max(1, delayMillis), t -> {
            if (body == null) p.fail(new CdnFetchException(CdnFetchException.Kind.STATUS, "edge answered 404", null));
            else p.complete(body);
        });
        return p.future();
    }

    /** Whole-segment and range requests the edge served in all. */
    int total() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }
}
