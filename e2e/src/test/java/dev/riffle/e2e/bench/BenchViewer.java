package dev.riffle.e2e.bench;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.TransportConfig;
import dev.riffle.e2e.platform.Playlists;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One benchmark viewer: an agent whose CDN is the {@link CappedEdge} (not the origin) and a player model that watches
 * the title's first variant through the agent at playback pace, asking for the next segment when less than
 * {@code readAheadSeconds} is buffered, as {@code dev.riffle.e2e.platform.Viewer} does for the demo. That class takes
 * its CDN URL from the platform and cannot be pointed at an edge in front of it, hence this one.
 *
 * <p>Startup is counted from the player pressing play (by default the master playlist request at once, with no waiting
 * for peers first; with a peer wait, that wait is included) to the first segment in hand; a stall is the buffer running dry by more than
 * 100 ms, and lasts until the late segment arrives.
 */
final class BenchViewer implements Runnable {
    /** What one viewer needs besides its number and account. */
    record Setup(
            String titleId,
            URI edge,
            URI license,
            URI tracker,
            boolean p2p,
            SchedulerConfig scheduler,
            TransportConfig transport,
            int maxPeers,
            double readAheadSeconds,
            long peerWaitMs,
            Path cacheRoot,
            Vertx vertx,
            RtcFactory rtc,
            InProcessSignaling noPeers,
            HttpClient http) {}

    private final int number;
    private final Supplier<String> token;
    private final Setup s;
    private final long joinAtNanos;

    private volatile Agent agent;
    private volatile boolean closed;
    private volatile boolean done;
    private volatile String error;
    private volatile long startupMs = -1;
    private volatile int stalls;
    private volatile double stalledSeconds;

    BenchViewer(int number, Supplier<String> token, Setup setup, long joinAtNanos) {
        this.number = number;
        this.token = token;
        this.s = setup;
        this.joinAtNanos = joinAtNanos;
    }

    @Override
    public void run() {
        try {
            long left;
            while ((left = joinAtNanos - System.nanoTime()) > 0 && !closed) {
                Thread.sleep(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1));
            }
            if (closed) return;
            join();
            if (!closed) play();
            done = !closed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!done) error = "stopped";
        } catch (Exception e) {
            if (!closed) error = e.getMessage() != null ? e.getMessage() : e.toString();
        }
    }

    private void join() throws Exception {
        String device = String.format("b%02d", number);
        AgentConfig config = AgentConfig.of(
                        device, s.edge(), s.license(), s.cacheRoot().resolve(device), 512L << 20, 0, token)
                .withScheduler(s.scheduler())
                .withTransport(s.transport());
        Agent a;
        if (s.p2p()) {
            var settings = new TrackerSettings(
                    s.tracker(), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(5), s.maxPeers());
            a = Agent.withTracker(s.vertx(), config, s.rtc(), settings)
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } else {
            // The baseline: same agent, no tracker, a signalling endpoint nobody else uses, so never a peer.
            a = new Agent(s.vertx(), config, s.rtc(), s.noPeers().endpoint(new PeerId(device)));
            a.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        agent = a;
        if (closed) a.close();
    }

    private void play() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + agent.port());
        long t0 = System.nanoTime();
        if (s.p2p() && s.peerWaitMs() > 0 && number > 1) {
            // Optional: hold the player until a first peer is connected (or the wait is over), so the agent does not
            // fill its prefetch window from the CDN before it knows anyone. Counted in startup.
            agent.session(s.titleId()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            long until = t0 + TimeUnit.MILLISECONDS.toNanos(s.peerWaitMs());
            while (agent.peers().isEmpty() && System.nanoTime() < until && !closed) Thread.sleep(20);
        }
        String master = text(agent.playUrl(s.titleId()));
        URI mediaUri = base.resolve(Playlists.firstVariant(master)
                .orElseThrow(() -> new IllegalStateException("no variant in the master playlist")));
        var media = Playlists.media(text(mediaUri));
        if (media.keyUri() != null) fetch(base.resolve(media.keyUri()));

        double buffered = 0; // seconds of media in hand
        double stalled = 0; // seconds the playhead stood still after startup
        long playStart = 0;
        int n = 0;
        for (var seg : media.segments()) {
            if (closed) return;
            if (n > 0) {
                double wait = buffered - s.readAheadSeconds() - position(playStart, stalled, System.nanoTime());
                if (wait > 0) Thread.sleep((long) (wait * 1000));
            }
            fetch(base.resolve(seg.uri()));
            long now = System.nanoTime();
            if (n == 0) {
                startupMs = TimeUnit.NANOSECONDS.toMillis(now - t0);
                playStart = now;
            } else {
                double late = position(playStart, stalled, now) - buffered;
                if (late > 0.1) stalls++;
                if (late > 0) stalled += late;
                stalledSeconds = stalled;
            }
            buffered += seg.durationSeconds();
            n++;
        }
        double left = buffered - position(playStart, stalled, System.nanoTime());
        if (left > 0 && !closed) Thread.sleep((long) (left * 1000));
    }

    private static double position(long playStart, double stalled, long now) {
        return (now - playStart) / 1e9 - stalled;
    }

    private String text(URI uri) throws IOException, InterruptedException {
        var r = s.http().send(request(uri), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IOException("GET " + uri.getPath() + " answered " + r.statusCode());
        return r.body();
    }

    private void fetch(URI uri) throws IOException, InterruptedException {
        // A segment the agent could not get within its 20 s wait answers 504: the player retries, as hls.js does.
        for (int attempt = 1; ; attempt++) {
            var r = s.http().send(request(uri), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) return;
            if (attempt >= 3 || closed) {
                throw new IOException("GET " + uri.getPath() + " answered " + r.statusCode());
            }
        }
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build();
    }

    boolean finished() {
        return done || error != null;
    }

    boolean done() {
        return done;
    }

    String error() {
        return error;
    }

    long startupMs() {
        return startupMs;
    }

    int stalls() {
        return stalls;
    }

    double stalledSeconds() {
        return stalledSeconds;
    }

    long bytesFromPeers() {
        Agent a = agent;
        return a == null ? 0 : a.counters().bytesFromPeers.get();
    }

    long bytesFromCdn() {
        Agent a = agent;
        return a == null ? 0 : a.counters().bytesFromCdn.get();
    }

    long bytesUploaded() {
        Agent a = agent;
        return a == null ? 0 : a.bytesUploaded();
    }

    int peers() {
        Agent a = agent;
        return a == null ? 0 : a.peers().size();
    }

    void close() {
        closed = true;
        Agent a = agent;
        if (a != null) a.close();
    }
}
