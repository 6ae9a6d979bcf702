package dev.riffle.agent.session;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.agent.cdn.EdgeFetcher;
import dev.riffle.agent.playback.PlayerTracks;
import dev.riffle.agent.playback.Timeline;
import dev.riffle.agent.scheduler.Action;
import dev.riffle.agent.scheduler.Decision;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.scheduler.SegmentRef;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.swarm.SwarmId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * The fetch loop of one title being watched: a thin shell around the pure {@link Scheduler}. Every tick, for each
 * rendition the player follows, {@link InputBuilder} turns the player's inferred clock, the cache, the connected peers
 * and the requests under way into an input; {@link FetchExecutor} carries out the decision and the agent's claims go
 * to the swarm; {@link SegmentDelivery} verifies and stores what arrives and hands it to the player.
 *
 * <p>All state lives on one Vert.x context: completions from the transport thread and the HTTP client hop back onto
 * it. The peers and the CDN are ports ({@link SwarmLink}, {@link EdgeFetcher}), so the loop runs without sockets in
 * tests.
 */
public final class TitleSession implements AutoCloseable {
    /** How far ahead segments are considered at all (the scheduler's own windows are within it). */
    static final long HORIZON_MS = 60_000;
    /** A segment handed to a player this long after playback needed it counts as a stall. */
    static final long STALL_MS = 1_000;

    private final Vertx vertx;
    private final Context context;
    private final Executor onSession;
    private final TitleManifest manifests;
    private final SegmentCache cache;
    private final SwarmLink swarm;
    private final Scheduler scheduler;
    private final Counters counters;
    private final InstantSource clock;
    private final SwarmReports reports;
    private final PeerId self;
    private final FetchExecutor executor;
    private final SegmentDelivery delivery;
    private final long timerId;
    private final LivePolicy livePolicy;
    private final LiveFollower follower;
    private final Map<String, Located> located = new HashMap<>();
    /** Swarms we told our window and claims, so a rendition left behind gets both withdrawn. */
    private final Set<SwarmId> claimedIn = new HashSet<>();

    /** Which source each segment handed to the player came from (bounded; for /status). */
    private final DeliveryLog deliveries = new DeliveryLog();
    // volatile: read by the tracker client (what this agent watches) off the session's context; replaced, never
    // mutated, on the session's context
    private volatile PlayerTracks tracks = PlayerTracks.NONE;
    private long playStartedAtMillis = -1;
    private boolean startupRecorded;
    private boolean closed;

    public TitleSession(
            Vertx vertx,
            TitleManifest manifests,
            SegmentCache cache,
            EdgeFetcher edge,
            SwarmLink swarm,
            Scheduler scheduler,
            Counters counters,
            InstantSource clock,
            Duration tick,
            SwarmReports reports,
            PeerId self,
            LiveSource liveSource,
            LivePolicy livePolicy) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.onSession = r -> context.runOnContext(v -> r.run());
        this.manifests = manifests;
        this.cache = cache;
        this.swarm = swarm;
        this.scheduler = scheduler;
        this.counters = counters;
        this.clock = clock;
        this.reports = reports;
        this.self = self;
        this.delivery =
                new SegmentDelivery(vertx, onSession, manifests, cache, swarm, counters, deliveries, this::tick);
        this.executor = new FetchExecutor(manifests, edge, swarm, clock, onSession, delivery, counters);
        this.timerId = vertx.setPeriodic(tick.toMillis(), id -> onSession.execute(this::tick));
        this.livePolicy = livePolicy;
        if (manifests.isLive() && liveSource != null) {
            follower = new LiveFollower(vertx, onSession, manifests, liveSource, clock, this::tick);
            onSession.execute(follower::start);
        } else {
            follower = null;
        }
    }

    /** The signed manifest as known now (a live channel's grows). */
    public Manifest manifest() {
        return manifests.current();
    }

    public TitleManifest titleManifest() {
        return manifests;
    }

    /**
     * Live: the newest segment of {@code rendition} to list in the player's playlist — the newest this agent holds, or
     * whose deadline has come (the CDN is fetching it by then if no peer was). A player asks for a live segment the
     * moment it is listed, so listing one the swarm is still passing along would make every new segment urgent and
     * send it to the CDN; listed this way, the swarm has until the deadline to bring it.
     */
    public long liveListedUpTo(String rendition) {
        Manifest m = manifests.current();
        if (!m.isLive() || m.live().ended()) return Long.MAX_VALUE;
        long now = clock.millis();
        var held = cache.segments(m.titleId(), rendition);
        var segments = m.rendition(rendition).map(r -> r.segments()).orElse(java.util.List.of());
        for (int i = segments.size() - 1; i >= 0; i--) {
            var s = segments.get(i);
            long known = manifests.knownAt(rendition, s.index()).orElse(now);
            if (held.contains(s.index()) || now >= InputBuilder.liveDue(known, s.durationMs(), livePolicy)) {
                return s.index();
            }
        }
        // Just opened, nothing here or due yet: a player starting now gets the newest (an empty playlist would fail
        // some
        // players, and an older start would put it further behind), and they are urgent, as any startup is.
        return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).index();
    }

    /** How this title is watched when it is live. */
    public LivePolicy livePolicy() {
        return livePolicy;
    }

    /**
     * The rendition the player is on (its video one when it also follows an audio rendition, see {@link #tracks()});
     * null before it asked for a media playlist.
     */
    public String rendition() {
        return tracks.primary().map(PlayerTracks.Track::rendition).orElse(null);
    }

    /** The segment the player asked for last of {@link #rendition()}; -1 before. */
    public long playhead() {
        return tracks.primary().map(PlayerTracks.Track::playhead).orElse(-1L);
    }

    /** Every rendition the player follows (one per type: video, audio), each with its own clock. */
    public PlayerTracks tracks() {
        return tracks;
    }

    /** Which source each segment handed to the player came from: the last ones per rendition. */
    public DeliveryLog deliveries() {
        return deliveries;
    }

    /** A rendition of the manifest with its timeline (rebuilt when a live rendition's segments change). */
    private record Located(Rendition rendition, Timeline timeline) {}

    private Optional<Located> locate(String renditionId) {
        Optional<Rendition> r = manifests.current().rendition(renditionId);
        if (r.isEmpty()) return Optional.empty();
        Located at = located.get(renditionId);
        if (at == null || at.rendition() != r.get()) {
            at = new Located(r.get(), Timeline.of(r.get()));
            located.put(renditionId, at);
        }
        return Optional.of(at);
    }

    /** The player asked for a media playlist: playback of this rendition is about to start (or goes on, a switch). */
    public void playlistRequested(String renditionId) {
        onSession.execute(() -> {
            long now = clock.millis();
            if (playStartedAtMillis < 0) playStartedAtMillis = now;
            var at = locate(renditionId);
            if (at.isEmpty()
                    || at.get().timeline().lastSeq() < at.get().timeline().firstSeq()) return;
            Timeline t = at.get().timeline();
            long first = t.firstSeq();
            tracks = tracks.playlist(
                    renditionId, at.get().rendition().type(), first, t.startMs(first), t.endMs(first), now);
        });
    }

    /**
     * The player wants a segment: served from the cache, or as soon as the fetch loop has it, or a failed future after
     * {@code wait}. The request also feeds the player's clock, which is all the scheduler needs to know about it.
     */
    public Future<byte[]> segment(String renditionId, long seq, Duration wait) {
        Promise<byte[]> p = Promise.promise();
        onSession.execute(() -> {
            long now = clock.millis();
            if (playStartedAtMillis < 0) playStartedAtMillis = now;
            var at = locate(renditionId);
            if (at.isEmpty() || !at.get().timeline().contains(seq)) {
                p.fail("no segment " + renditionId + "/" + seq);
                return;
            }
            Timeline t = at.get().timeline();
            tracks = tracks.segment(renditionId, at.get().rendition().type(), seq, t.startMs(seq), t.endMs(seq), now);
            Optional<byte[]> hit = cache.get(new SegmentKey(manifests.current().titleId(), renditionId, seq));
            if (hit.isPresent()) {
                served(renditionId, seq);
                p.complete(hit.get());
                return;
            }
            delivery.waitFor(new SegmentRef(renditionId, seq), wait.toMillis(), now)
                    .onComplete(res -> {
                        if (res.succeeded()) served(renditionId, seq);
                        p.handle(res);
                    });
            tick();
        });
        return p.future();
    }

    /**
     * A segment goes to the player: its clock moves on; the play's first segment ends its startup (once per play: a
     * later switch or seek is not a startup); one it gets well after playback needed it is a stall.
     */
    private void served(String renditionId, long seq) {
        long now = clock.millis();
        deliveries.delivered(renditionId, seq);
        Located at = locate(renditionId).orElseThrow();
        Timeline t = at.timeline();
        long start = t.startMs(seq);
        var track = tracks.following(renditionId);
        if (startupRecorded && track.isPresent() && now - track.get().clock().deadline(start, now) > STALL_MS) {
            counters.stalls.incrementAndGet();
            counters.stream(manifests.current().titleId(), renditionId).stalls.incrementAndGet();
        }
        tracks = tracks.delivered(renditionId, at.rendition().type(), start, t.endMs(seq), now);
        manifests.current().segment(renditionId, seq).map(s -> s.programDate()).ifPresent(shot -> {
            long latency = Math.max(0, now - shot.toEpochMilli());
            counters.liveLatency.record(latency);
            counters.stream(manifests.current().titleId(), renditionId)
                    .liveLatencyMillis
                    .set(latency);
        });
        if (!startupRecorded) {
            startupRecorded = true;
            long startup = now - playStartedAtMillis;
            counters.startupMillis.compareAndSet(-1, startup);
            counters.stream(manifests.current().titleId(), renditionId)
                    .startupMillis
                    .compareAndSet(-1, startup);
        }
    }

    /** One scheduler round per rendition followed; each sees only its own type's requests. */
    void tick() {
        if (closed) return;
        long now = clock.millis();
        Set<SwarmId> claiming = new HashSet<>();
        for (PlayerTracks.Track track : tracks.all()) {
            var at = locate(track.rendition());
            if (at.isEmpty()) continue;
            SwarmId swarmId = manifests.current().swarmId(track.rendition());
            Set<Long> cached = new HashSet<>(cache.segments(manifests.current().titleId(), track.rendition()));
            cached.addAll(delivery.storing(track.rendition()));
            var facts = new InputBuilder.Facts(
                    now,
                    self,
                    track,
                    at.get().rendition(),
                    at.get().timeline(),
                    cached,
                    delivery.answerBy(track.rendition()),
                    swarm.peers(swarmId),
                    reports.of(swarmId),
                    reports.awaitingFirstAnswer(swarmId),
                    swarm::isBanned,
                    executor.inFlight(at.get().rendition().type()),
                    executor.cdnRate(),
                    HORIZON_MS,
                    manifests.isLive()
                            ? new InputBuilder.LiveEdge(manifests.knownTimes(track.rendition()), livePolicy)
                            : null);
            Decision decision = scheduler.decide(InputBuilder.build(facts));
            for (Action a : decision.actions()) executor.carryOut(a);
            var claims = new TreeMap<Integer, Integer>();
            decision.claims().forEach((seq, hops) -> {
                if (seq <= Integer.MAX_VALUE) claims.put(seq.intValue(), hops);
            });
            swarm.claims(swarmId, claims);
            var config = scheduler.config();
            swarm.window(swarmId, InputBuilder.window(facts, config.pullAheadMillis() + config.shareSlackMillis()));
            claiming.add(swarmId);
        }
        for (SwarmId left : claimedIn) {
            if (claiming.contains(left)) continue;
            swarm.claims(left, new TreeMap<>());
            swarm.window(left, SegmentWindow.NONE);
        }
        claimedIn.clear();
        claimedIn.addAll(claiming);
    }

    /** For /status. */
    public Future<Map<String, Object>> status() {
        Promise<Map<String, Object>> p = Promise.promise();
        onSession.execute(() -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("titleId", manifests.current().titleId());
            String rendition = rendition();
            m.put("rendition", rendition);
            m.put("playhead", playhead());
            var followed = new LinkedHashMap<String, Object>();
            tracks.all().forEach(t -> followed.put(t.rendition(), t.playhead()));
            m.put("renditions", followed);
            m.put("inFlight", executor.size());
            m.put(
                    "cachedSegments",
                    rendition == null
                            ? 0
                            : cache.segments(manifests.current().titleId(), rendition)
                                    .size());
            // Per rendition, the last segments handed to the player and where each came from, oldest first.
            m.put("delivered", deliveries.toStatus());
            p.complete(m);
        });
        return p.future();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timerId);
        onSession.execute(() -> {
            closed = true;
            if (follower != null) follower.close();
            claimedIn.forEach(s -> {
                swarm.claims(s, new TreeMap<>());
                swarm.window(s, SegmentWindow.NONE);
            });
            claimedIn.clear();
            executor.cancelAll();
            delivery.close();
        });
    }
}
