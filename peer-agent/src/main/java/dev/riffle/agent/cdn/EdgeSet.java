package dev.riffle.agent.cdn;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Several CDN edges for one title, asked in the order {@link EdgeHealth} gives: a request that fails on one edge goes
 * to the next within the same fetch, so the scheduler sees one slower fetch rather than a failure. Lengths are checked
 * here as {@link CdnClient} does; the content is verified against the signed manifest by the caller whichever edge
 * served it.
 */
public final class EdgeSet implements EdgeFetcher, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EdgeSet.class.getName());
    /** An edge that failed is skipped for 2 s, then 4 s, … up to a minute while it keeps failing. */
    static final long BASE_BACKOFF_MILLIS = 2_000;

    static final long MAX_BACKOFF_MILLIS = 60_000;

    private final List<URI> bases;
    private final List<CdnClient> clients;
    private final EdgeHealth health;
    private final InstantSource clock;
    private final AtomicLong failovers;

    /**
     * @param bases each edge's base for this title ({@code …/content/<title>/}), in order of preference
     * @param failovers counts requests that one edge failed and another was asked for
     */
    public EdgeSet(Vertx vertx, List<URI> bases, Duration timeout, InstantSource clock, AtomicLong failovers) {
        if (bases.isEmpty()) throw new IllegalArgumentException("no edge");
        this.bases = List.copyOf(bases);
        this.clients =
                this.bases.stream().map(b -> new CdnClient(vertx, b, timeout)).toList();
        this.health = new EdgeHealth(bases.size(), BASE_BACKOFF_MILLIS, MAX_BACKOFF_MILLIS);
        this.clock = clock;
        this.failovers = failovers;
    }

    @Override
    public Future<byte[]> fetch(String relativeUri, long size) {
        return attempt(health.order(clock.millis()), 0, c -> c.fetch(relativeUri, size));
    }

    @Override
    public Future<byte[]> fetchRange(String relativeUri, long first, long last, long size) {
        return attempt(health.order(clock.millis()), 0, c -> c.fetchRange(relativeUri, first, last, size));
    }

    private Future<byte[]> attempt(int[] order, int i, Function<CdnClient, Future<byte[]>> call) {
        int edge = order[i];
        return call.apply(clients.get(edge)).transform(r -> {
            if (r.succeeded()) {
                health.succeeded(edge);
                return Future.succeededFuture(r.result());
            }
            health.failed(edge, clock.millis());
            if (i + 1 >= order.length) return Future.failedFuture(r.cause());
            failovers.incrementAndGet();
            LOG.fine(() -> "edge " + bases.get(edge) + " failed (" + r.cause().getMessage() + "), asking the next");
            return attempt(order, i + 1, call);
        });
    }

    @Override
    public void close() {
        clients.forEach(CdnClient::close);
    }
}
