package dev.riffle.e2e.platform;

import dev.riffle.agent.Agent;
import dev.riffle.agent.AgentConfig;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.DeliveryLog;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.RenditionType;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One simulated viewer: its own agent (own account, cache and player-side port) and a player that watches the title
 * through it as an HLS player would — master playlist, the first variant's media playlist, the key, then every segment
 * from the agent's 127.0.0.1 URL at playback pace, {@link ViewersOptions#readAheadSeconds()} ahead. It measures startup
 * (master request to first segment) and stalls (the buffer running dry: playback resumes when the late segment arrives).
 * Its segment bar comes from the agent: the source it recorded for each segment it handed to this player (the same
 * record as the {@code delivered} lists of the agent's {@code /status}). Runs on its own thread; {@link #snapshot()} is
 * safe from any thread.
 */
public final class Viewer {
    private final int number;
    private final String user;
    private final String titleId;
    private final ViewersOptions options;
    private final URI origin;
    private final URI license;
    private final URI tracker;
    private final Supplier<String> token;
    private final Vertx vertx;
    private final RtcFactory rtc;
    private final InProcessSignaling noPeers;
    private final HttpClient http;
    private final long joinAtNanos;

    private volatile ViewerState state = ViewerState.WAITING;
    private volatile Agent agent;
    private volatile SegmentSources sources;
    private volatile String rendition;
    private volatile int segmentsPlayed;
    private volatile long startupMs = -1;
    private volatile long peerWaitMs;
    private volatile int stalls;
    private volatile long stallMs;
    private volatile int keyStatus;
    private volatile String error;
    private volatile boolean closed;
    private volatile Process external;

    Viewer(
            int number,
            String titleId,
            ViewersOptions options,
            Platform platform,
            Vertx vertx,
            RtcFactory rtc,
            InProcessSignaling noPeers,
            HttpClient http,
            long joinAtNanos) {
        this.number = number;
        this.user = options.account().apply(number);
        this.titleId = titleId;
        this.options = options;
        this.origin = options.cdn() != null ? options.cdn() : platform.originUrl();
        this.license = platform.licenseUrl();
        this.tracker = platform.trackerUrl();
        this.token = platform.subscriberToken(user);
        this.vertx = vertx;
        this.rtc = rtc;
        this.noPeers = noPeers;
        this.http = http;
        this.joinAtNanos = joinAtNanos;
    }

    public int number() {
        return number;
    }

    public String user() {
        return user;
    }

    public ViewerState state() {
        return state;
    }

    /** The agent once it is up (null before): its counters, cache, peers, {@code playUrl(title)}. */
    public Agent agent() {
        return agent;
    }

    void run() {
        try {
            sleepUntil(joinAtNanos);
            if (closed) return;
            state = ViewerState.JOINING;
            join();
            if (closed) return;
            state = ViewerState.PLAYING;
            if (options.player() == PlayerKind.MODEL) play();
            else playWith(options.player());
            if (!closed) state = ViewerState.DONE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!state.finished()) fail("stopped");
        } catch (Exception e) {
            fail(e.getMessage() != null ? e.getMessage() : e.toString());
        }
    }

    private void fail(String why) {
        if (closed || state == ViewerState.LEFT) return;
        error = why;
        state = ViewerState.FAILED;
    }

    private void join() throws Exception {
        String device = String.format("v%02d", number);
        AgentConfig config = AgentConfig.of(
                        device,
                        origin,
                        license,
                        options.cacheRoot().resolve(String.format("viewer-%02d", number)),
                        options.cacheBytes(),
                        0,
                        token)
                .withScheduler(options.scheduler())
                .withTransport(options.transport());
        Agent a;
        if (options.p2p()) {
            a = Agent.withTracker(
                            vertx,
                            config,
                            rtc,
                            new TrackerSettings(
                                    tracker,
                                    TrackerSettings.defaults(tracker).check(),
                                    TrackerSettings.defaults(tracker).retry(),
                                    options.statsEvery(),
                                    options.peersWanted()))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } else {
            a = new Agent(vertx, config, rtc, noPeers.endpoint(new PeerId(device)));
            a.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        agent = a;
        if (closed || options.peerWait().isZero()) return;
        long waitFrom = System.nanoTime();
        // Opening the title puts the agent in the swarms of all its renditions (the player has not picked one yet):
        // it announces and dials while the player waits until a peer has told what it holds of the rendition the
        // player will pick (the first video rendition: the agent lists it first in the master playlist), or until the
        // tracker answers that nobody else watches it (so the first viewer of a title plays at once).
        var manifest = a.open(titleId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String first = manifest.renditions().stream()
                .filter(r -> r.type() == RenditionType.VIDEO)
                .map(Rendition::id)
                .findFirst()
                .orElse(manifest.renditions().get(0).id());
        if (options.p2p()) {
            long until = System.nanoTime() + options.peerWait().toNanos();
            while (System.nanoTime() < until
                    && !closed
                    && !a.peerAnnounced(titleId, first)
                    && !alone(a.swarmReport(titleId, first))) Thread.sleep(50);
        }
        peerWaitMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitFrom);
    }

    /** The tracker answered that this agent is the swarm's only viewer: nobody to wait for. */
    private static boolean alone(dev.riffle.agent.session.SwarmReports.Report report) {
        return report.size() == 1 && report.announced().isEmpty();
    }

    private void play() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + agent.port());
        long t0 = System.nanoTime();
        String master = get(agent.playUrl(titleId), 3).body();
        String variant = Playlists.firstVariant(master)
                .orElseThrow(() -> new IllegalStateException("no variant in the master playlist"));
        URI mediaUri = base.resolve(variant);
        var media = Playlists.media(get(mediaUri, 3).body());
        rendition = Playlists.renditionOf(mediaUri.getPath());
        List<Long> indices = new ArrayList<>();
        media.segments().forEach(s -> indices.add(s.index()));
        sources = new SegmentSources(indices);
        if (media.keyUri() != null) {
            keyStatus = http.send(request(base.resolve(media.keyUri())), TEXT).statusCode();
        }

        double buffered = 0; // seconds of media received
        double stalled = 0; // seconds spent stalled
        long playStart = 0;
        for (var seg : media.segments()) {
            if (closed) return;
            if (segmentsPlayed > 0) {
                // wait until less than the read-ahead is buffered
                double wait = buffered - options.readAheadSeconds() - position(playStart, stalled);
                if (wait > 0) Thread.sleep((long) (wait * 1000));
            }
            // the player only needs the segment whole: its bytes are dropped
            get(base.resolve(seg.uri()), 3, HttpResponse.BodyHandlers.discarding());
            long now = System.nanoTime();
            if (segmentsPlayed == 0) {
                startupMs = TimeUnit.NANOSECONDS.toMillis(now - t0);
                playStart = now;
            } else {
                double late = positionUnclamped(playStart, stalled, now) - buffered;
                if (late > 0.1) {
                    stalls++;
                    stallMs += (long) (late * 1000);
                }
                if (late > 0) stalled += late;
            }
            buffered += seg.durationSeconds();
            segmentsPlayed++;
        }
        // play out what is buffered
        double left = buffered - position(playStart, stalled);
        if (left > 0 && !closed) Thread.sleep((long) (left * 1000));
    }

    private static double positionUnclamped(long playStart, double stalled, long now) {
        return (now - playStart) / 1e9 - stalled;
    }

    private static double position(long playStart, double stalled) {
        return positionUnclamped(playStart, stalled, System.nanoTime());
    }

    private HttpResponse<String> get(URI uri, int attempts) throws IOException, InterruptedException {
        return get(uri, attempts, TEXT);
    }

    /** GET until it answers 200, at most {@code attempts} times; the last failure (with a text body) is thrown. */
    private <T> HttpResponse<T> get(URI uri, int attempts, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        IOException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                HttpResponse<T> r = http.send(request(uri), body);
                if (r.statusCode() == 200) return r;
                String text = r.body() instanceof String t ? " " + t : "";
                last = new IOException("GET " + uri.getPath() + " answered " + r.statusCode() + text);
            } catch (IOException e) {
                last = e;
            }
            if (closed) break;
        }
        throw last;
    }

    /** Playlists and problem bodies as text; ISO-8859-1 keeps any byte. */
    private static final HttpResponse.BodyHandler<String> TEXT =
            HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1);

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build();
    }

    /**
     * Updates the segment bar from the agent's record of what it delivered to this player (called by {@link Viewers}'
     * poller; the record keeps the last {@link DeliveryLog#DEFAULT_PER_RENDITION} segments, minutes of playback).
     */
    /**
     * A real player watches the agent: it runs as a process on the agent's playlist until it exits (bounded by twice the
     * title's length and a minute). Startup and stalls are then the agent's own inference from the player's requests
     * (hls.js reports its stalls itself, and those count instead).
     */
    private void playWith(PlayerKind player) throws Exception {
        Agent a = agent;
        var manifest = a.open(titleId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        double seconds = manifest.isLive()
                ? options.liveSeconds()
                : manifest.renditions().stream()
                                .filter(r -> r.type() == RenditionType.VIDEO)
                                .findFirst()
                                .orElse(manifest.renditions().get(0))
                                .totalDurationMs()
                        / 1000.0;
        Path dir = options.cacheRoot();
        java.nio.file.Files.createDirectories(dir);
        Path log = dir.resolve(String.format("player-%02d-%s.log", number, player.flag()));
        Path report = dir.resolve(String.format("player-%02d-%s.json", number, player.flag()));
        Process p = player.process(a.playUrl(titleId), seconds, log, report).start();
        external = p;
        try {
            if (!p.waitFor((long) (seconds * 2) + 60, TimeUnit.SECONDS)) {
                throw new IllegalStateException(player.flag() + " did not finish; see " + log);
            }
        } finally {
            p.destroy();
            if (!p.waitFor(5, TimeUnit.SECONDS)) p.destroyForcibly();
        }
        if (closed) return;
        if (p.exitValue() != 0) {
            throw new IllegalStateException(player.flag() + " exited with " + p.exitValue() + "; see " + log);
        }
        poll();
        var totals = a.totals();
        startupMs = totals.startupMillis();
        stalls = (int) totals.stalls();
        if (player == PlayerKind.HLSJS && java.nio.file.Files.exists(report)) {
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
            stalls = json.path("stalls").asInt(stalls);
        }
        SegmentSources s = sources;
        if (s != null) {
            synchronized (s) {
                segmentsPlayed = s.size();
            }
        }
    }

    void poll() {
        Agent a = agent;
        String followed = rendition;
        if (a != null && followed != null && options.liveSeconds() > 0) {
            // A live window grows and slides: the bar follows it (filled from the agent's record on the next poll).
            a.open(titleId).onSuccess(m -> m.rendition(followed).ifPresent(rr -> {
                List<Long> indices = new ArrayList<>();
                rr.segments().forEach(seg -> indices.add(seg.index()));
                sources = new SegmentSources(indices);
            }));
        }
        if (a != null && rendition == null && options.player() != PlayerKind.MODEL) {
            // A real player picks its own rendition: follow whichever the agent saw it take.
            a.rendition(titleId).ifPresent(r -> a.open(titleId)
                    .onSuccess(m -> m.rendition(r).ifPresent(rr -> {
                        List<Long> indices = new ArrayList<>();
                        rr.segments().forEach(seg -> indices.add(seg.index()));
                        sources = new SegmentSources(indices);
                        rendition = r;
                    })));
        }
        SegmentSources s = sources;
        String r = rendition;
        if (a == null || s == null || r == null) return;
        List<DeliveryLog.Provenance> delivered = a.delivered(titleId, r);
        synchronized (s) {
            delivered.forEach(s::record);
        }
    }

    public ViewerSnapshot snapshot() {
        Agent a = agent;
        SegmentSources s = sources;
        String bar;
        if (s == null) {
            bar = "";
        } else {
            synchronized (s) {
                bar = s.bar();
            }
        }
        URI play = null, status = null;
        long peers = 0, cdn = 0, up = 0, latency50 = -1, latency95 = -1;
        int connected = 0;
        if (a != null) {
            var totals = a.totals();
            peers = totals.bytesFromPeers();
            cdn = totals.bytesFromCdn();
            up = totals.bytesUploaded();
            connected = totals.peersConnected();
            play = a.playUrl(titleId);
            latency50 = a.counters().liveLatency.quantileMillis(0.5);
            latency95 = a.counters().liveLatency.quantileMillis(0.95);
            status = URI.create("http://127.0.0.1:" + a.port() + "/status");
        }
        return new ViewerSnapshot(
                number,
                user,
                state,
                bar,
                segmentsPlayed,
                s == null ? 0 : s.size(),
                startupMs,
                peerWaitMs,
                stalls,
                stallMs,
                peers,
                cdn,
                up,
                connected,
                keyStatus,
                play,
                status,
                error,
                latency50,
                latency95);
    }

    void close() {
        closed = true;
        Process p = external;
        if (p != null) p.destroyForcibly();
        Agent a = agent;
        if (a != null) a.close();
    }

    /** The viewer walks away mid-title: its player stops and its agent closes (peers lose it at once). */
    public void leave() {
        if (state.finished()) return;
        state = ViewerState.LEFT;
        close();
    }

    private void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0 && !closed) {
            Thread.sleep(Math.min(200, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        }
    }
}
