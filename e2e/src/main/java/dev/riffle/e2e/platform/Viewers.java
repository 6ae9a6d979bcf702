package dev.riffle.e2e.platform;

import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N simulated viewers of one title, in this JVM: N agents sharing one {@link Vertx} and one {@link RtcFactory}, each
 * with its own subscriber account ({@link ViewersOptions#account()}), found by each other through the platform's
 * tracker, joining {@link ViewersOptions#stagger()} apart, each watched by a player at playback pace ({@link Viewer}).
 *
 * <pre>{@code
 * try (Viewers v = Viewers.start(platform, titleId, ViewersOptions.defaults(8, dir.resolve("caches")))) {
 *     v.awaitFinished(Duration.ofMinutes(3));
 *     SwarmTotals t = v.totals();                     // offloadRatio, p2pBytes, cdnBytes, stalls, startup p50/p95
 *     List<ViewerSnapshot> each = v.snapshots();      // per viewer: bar ("ccPPP.."), startup, stalls, bytes, URLs
 * }
 * }</pre>
 *
 * Public API (stable): {@link #start}, {@link #viewers()}, {@link #snapshots()}, {@link #totals()},
 * {@link #awaitFinished}, {@link #allFinished()}, {@link #close()}. Agents keep seeding after their player finished,
 * until {@link #close()}.
 */
public final class Viewers implements AutoCloseable {
    private final Vertx vertx;
    private final RtcFactory rtc;
    private final InProcessSignaling noPeers = new InProcessSignaling();
    private final HttpClient http;
    private final List<Viewer> viewers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ScheduledExecutorService poller;
    private boolean closed;

    private Viewers(Vertx vertx, RtcFactory rtc) {
        this.vertx = vertx;
        this.rtc = rtc;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "viewers-poller");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the viewers (returns at once; they join one by one on their own threads). */
    public static Viewers start(Platform platform, String titleId, ViewersOptions options) {
        Viewers v = new Viewers(Vertx.vertx(), new RtcFactory());
        long t0 = System.nanoTime();
        for (int i = 1; i <= options.count(); i++) {
            Viewer viewer = new Viewer(
                    i,
                    titleId,
                    options,
                    platform,
                    v.vertx,
                    v.rtc,
                    v.noPeers,
                    v.http,
                    t0 + (i - 1) * options.stagger().toNanos() + jitterNanos(options, i));
            v.viewers.add(viewer);
            Thread t = new Thread(viewer::run, String.format("viewer-%02d", i));
            t.setDaemon(true);
            v.threads.add(t);
        }
        v.threads.forEach(Thread::start);
        v.poller.scheduleWithFixedDelay(
                () -> v.viewers.forEach(x -> {
                    try {
                        x.poll();
                    } catch (RuntimeException e) {
                        // a closing agent; the next poll sees the final state
                    }
                }),
                250,
                250,
                TimeUnit.MILLISECONDS);
        return v;
    }

    /** A repeatable random share of the join jitter for viewer {@code i}. */
    private static long jitterNanos(ViewersOptions options, int i) {
        long max = options.joinJitter().toNanos();
        return max <= 0 ? 0 : new java.util.SplittableRandom(i * 7919L).nextLong(max);
    }

    public List<Viewer> viewers() {
        return List.copyOf(viewers);
    }

    public List<ViewerSnapshot> snapshots() {
        return viewers.stream().map(Viewer::snapshot).toList();
    }

    /**
     * Live: the {@code p}th percentile (nearest rank) of every agent's newest latency samples pooled, in ms (segment
     * handed to the player minus the encoder's time of its first frame); -1 for VOD or before any.
     */
    public long liveLatencyMs(int p) {
        var pooled = new java.util.ArrayList<long[]>();
        for (Viewer v : viewers()) {
            var a = v.agent();
            if (a != null) pooled.add(a.counters().liveLatency.newest());
        }
        long[] all =
                pooled.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
        return SwarmTotals.percentile(all, p);
    }

    public SwarmTotals totals() {
        return SwarmTotals.of(snapshots());
    }

    public boolean allFinished() {
        return viewers.stream().allMatch(v -> v.state().finished());
    }

    /** Waits until every viewer is DONE or FAILED; false on timeout. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allFinished()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(100);
        }
        viewers.forEach(Viewer::poll);
        return true;
    }

    /** Stops players and agents (agents send their last stats report), then the shared factory and Vert.x. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        poller.shutdownNow();
        viewers.forEach(Viewer::close);
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        noPeers.close();
        rtc.close();
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
    }
}
