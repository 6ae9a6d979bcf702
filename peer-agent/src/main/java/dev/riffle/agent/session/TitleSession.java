package dev.riffle.agent.session;

import dev.riffle.agent.cache.PutResult;
import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.agent.cdn.CdnClient;
import dev.riffle.agent.scheduler.Action;
import dev.riffle.agent.scheduler.Deadlines;
import dev.riffle.agent.scheduler.InFlight;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.PeerView;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.scheduler.SchedulerInput;
import dev.riffle.agent.scheduler.SegmentRef;
import dev.riffle.agent.scheduler.Source;
import dev.riffle.agent.transport.PeerFetch;
import dev.riffle.agent.transport.PeerSession;
import dev.riffle.agent.transport.Transport;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The fetch loop of one title being watched: a thin I/O shell around the pure {@link Scheduler}. Every tick it turns
 * the player's position, the cache, the connected peers and the requests under way into a {@link SchedulerInput}, and
 * carries out the actions with the CDN client and peer sessions. Every segment, from either source, is checked against
 * the signed manifest by {@link SegmentCache#put} before anyone sees it; a peer whose bytes do not match is banned and
 * the segment is fetched again (the peer is gone, so the next tick sends it to the CDN).
 *
 * <p>All state lives on one Vert.x context: completions from the transport thread hop back onto it.
 */
public final class TitleSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TitleSession.class.getName());
    private static final long HORIZON_MS = 60_000;

    private final Vertx vertx;
    private final Context context;
    private final Manifest manifest;
    private final SegmentCache cache;
    private final CdnClient cdn;
    private final Transport transport;
    private final Function<SwarmId, Map<PeerId, PeerSession>> peers;
    private final Scheduler scheduler;
    private final Counters counters;
    private final InstantSource clock;
    private final long timerId;

    /** One request under way per segment (the scheduler never issues a second). */
    private final Map<SegmentRef, Request> inFlight = new HashMap<>();

    private final Map<SegmentRef, List<Promise<byte[]>>> waiters = new HashMap<>();
    /**
     * Segments whose bytes arrived and are being verified and stored: counted as cached, or a tick between the end of
     * the request and the end of the write would fetch them again.
     */
    private final Map<SegmentRef, Integer> storing = new HashMap<>();

    private final SwarmReports swarmReports;
    /** Which source each segment handed to the player came from (bounded; for /status). */
    private final DeliveryLog deliveries = new DeliveryLog();
    // volatile: read by the tracker client (what this agent watches) off the session's context; replaced, never
    // mutated, on the session's context
    private volatile PlayerTracks tracks = PlayerTracks.NONE;
    private long firstPlaylistAtMillis = -1;
    private long cdnRate = 2_000_000;
    private boolean closed;

    private static final class Request {
        final Source source;
        final long offset;
        final long length;
        final long startedAt;
        final PeerFetch peerFetch;

        Request(Source source, long offset, long length, long startedAt, PeerFetch peerFetch) {
            this.source = source;
            this.offset = offset;
            this.length = length;
            this.startedAt = startedAt;
            this.peerFetch = peerFetch;
        }
    }

    public TitleSession(
            Vertx vertx,
            Manifest manifest,
            SegmentCache cache,
            CdnClient cdn,
            Transport transport,
            Supplier<Map<PeerId, PeerSession>> peers,
            Scheduler scheduler,
            Counters counters,
            InstantSource clock,
            Duration tick) {
        this(vertx, manifest, cache, cdn, transport, swarm -> peers.get(), scheduler, counters, clock, tick);
    }

    /** With the peer sessions of one swarm at a time ({@code peersOf(swarm)}), as the agent keeps them. */
    public TitleSession(
            Vertx vertx,
            Manifest manifest,
            SegmentCache cache,
            CdnClient cdn,
            Transport transport,
            Function<SwarmId, Map<PeerId, PeerSession>> peers,
            Scheduler scheduler,
            Counters counters,
            InstantSource clock,
            Duration tick) {
        this(vertx, manifest, cache, cdn, transport, peers, scheduler, counters, clock, tick, new SwarmReports());
    }

    /**
     * With what the tracker reported per swarm (viewers, peers handed out), which the scheduler uses to size its
     * share of CDN pulls and to wait for announced peers still connecting.
     */
    public TitleSession(
            Vertx vertx,
            Manifest manifest,
            SegmentCache cache,
            CdnClient cdn,
            Transport transport,
            Function<SwarmId, Map<PeerId, PeerSession>> peers,
            Scheduler scheduler,
            Counters counters,
            InstantSource clock,
            Duration tick,
            SwarmReports swarmReports) {
        this.swarmReports = swarmReports;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.manifest = manifest;
        this.cache = cache;
        this.cdn = cdn;
        this.transport = transport;
        this.peers = peers;
        this.scheduler = scheduler;
        this.counters = counters;
        this.clock = clock;
        this.timerId = vertx.setPeriodic(tick.toMillis(), id -> context.runOnContext(v -> tick()));
    }

    public Manifest manifest() {
        return manifest;
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

    /** Every rendition the player follows (one per type: video, audio), each with its own playhead. */
    public PlayerTracks tracks() {
        return tracks;
    }

    /** Which source each segment handed to the player came from: the last ones per rendition. */
    public DeliveryLog deliveries() {
        return deliveries;
    }

    /** The player asked for a media playlist: playback of this rendition is about to start. */
    public void playlistRequested(String renditionId) {
        context.runOnContext(v -> {
            if (firstPlaylistAtMillis < 0) firstPlaylistAtMillis = clock.millis();
            manifest.rendition(renditionId)
                    .ifPresent(r -> tracks = tracks.playlist(renditionId, r.type(), clock.millis()));
        });
    }

    /**
     * The player wants a segment: served from the cache, or as soon as the fetch loop has it, or a failed future after
     * {@code wait}. The request also moves the playhead, which is all the scheduler needs to know about the player.
     */
    public Future<byte[]> segment(String renditionId, long seq, Duration wait) {
        Promise<byte[]> p = Promise.promise();
        context.runOnContext(v -> {
            SegmentKey key = new SegmentKey(manifest.titleId(), renditionId, seq);
            manifest.rendition(renditionId)
                    .ifPresent(r -> tracks = tracks.segment(renditionId, r.type(), seq, clock.millis()));
            Optional<byte[]> hit = cache.get(key);
            if (hit.isPresent()) {
                served(renditionId);
                deliveries.delivered(renditionId, seq);
                p.complete(hit.get());
                return;
            }
            long askedAt = clock.millis();
            var ref = new SegmentRef(renditionId, seq);
            waiters.computeIfAbsent(ref, k -> new ArrayList<>()).add(p);
            long timer = vertx.setTimer(
                    wait.toMillis(),
                    t -> context.runOnContext(x -> {
                        List<Promise<byte[]>> list = waiters.get(ref);
                        if (list != null && list.remove(p) && list.isEmpty()) waiters.remove(ref);
                        p.tryFail("segment " + ref + " did not arrive within " + wait.toMillis() + " ms");
                    }));
            p.future().onComplete(r -> {
                vertx.cancelTimer(timer);
                // A segment the player had to wait for more than a second, after startup, is a stall it may notice.
                if (counters.startupMillis.get() >= 0 && clock.millis() - askedAt > 1_000) {
                    counters.stalls.incrementAndGet();
                    counters.stream(manifest.titleId(), renditionId).stalls.incrementAndGet();
                }
                if (r.succeeded()) {
                    served(renditionId);
                    deliveries.delivered(renditionId, seq);
                }
            });
            tick();
        });
        return p.future();
    }

    private void served(String renditionId) {
        if (firstPlaylistAtMillis < 0) return;
        long startup = clock.millis() - firstPlaylistAtMillis;
        if (counters.startupMillis.get() < 0) counters.startupMillis.compareAndSet(-1, startup);
        var stream = counters.stream(manifest.titleId(), renditionId);
        if (stream.startupMillis.get() < 0) stream.startupMillis.compareAndSet(-1, startup);
    }

    /** One scheduler round per rendition followed; each sees only its own requests, so none cancels another's. */
    void tick() {
        if (closed) return;
        long now = clock.millis();
        for (PlayerTracks.Track t : tracks.all()) {
            manifest.rendition(t.rendition()).ifPresent(r -> tick(t, r, now));
        }
    }

    private void tick(PlayerTracks.Track track, Rendition r, long now) {
        String rendition = track.rendition();
        long playhead = track.playhead();
        SwarmId swarm = manifest.swarmId(rendition);
        Set<Long> cached = new HashSet<>(cache.segments(manifest.titleId(), rendition));
        storing.keySet().forEach(ref -> {
            if (ref.rendition().equals(rendition)) cached.add(ref.seq());
        });
        long segMs = Math.max(1, r.targetDurationMs());
        var wanted = Deadlines.ahead(
                rendition,
                playhead,
                // The player needs what it asked for last now, and the rest one segment duration apart. Players
                // read ahead of what they show, so this errs early; a paused player stops asking, and its deadlines
                // then stay put rather than sliding into the past and turning the whole title urgent.
                0,
                segMs,
                now,
                HORIZON_MS,
                r.segments().get(r.segments().size() - 1).index(),
                seq -> r.segment(seq).map(Segment::size).orElse(1L),
                cached);
        var views = new ArrayList<PeerView>();
        for (PeerSession s : peers.apply(swarm).values()) {
            if (!s.isOpen() || !s.swarm().equals(swarm) || transport.isBanned(s.remote())) continue;
            Set<SegmentRef> holds = new HashSet<>();
            s.remoteSegments().stream().forEach(i -> holds.add(new SegmentRef(rendition, i)));
            views.add(new PeerView(s.remote(), false, 0, holds));
        }
        var live = new ArrayList<InFlight>();
        inFlight.forEach((ref, q) -> {
            // Requests of this type's renditions only (one it switched away from is stale); the other track's are
            // not this round's business.
            if (manifest.rendition(ref.rendition())
                    .map(x -> x.type() == track.type())
                    .orElse(false)) live.add(inFlightOf(ref, q));
        });
        SwarmReports.Report report = swarmReports.of(swarm);
        Set<PeerId> connected = new HashSet<>();
        views.forEach(v -> connected.add(v.id()));
        int expected = (int) report.announced().stream()
                .filter(p -> !connected.contains(p) && !transport.isBanned(p))
                .count();
        var input = new SchedulerInput(
                now,
                rendition,
                wanted,
                views,
                cdnRate,
                live,
                Math.max(report.size(), views.size() + 1),
                0,
                List.of(),
                expected,
                track.joinedAtMillis());
        for (Action a : scheduler.decide(input)) carryOut(a, r);
    }

    private InFlight inFlightOf(SegmentRef ref, Request q) {
        long done = 0, last = q.startedAt;
        if (q.peerFetch != null) {
            done = Math.min(q.length - 1, q.peerFetch.bytesReceived());
            long nanos = q.peerFetch.lastProgressNanos();
            if (nanos > 0) last = Math.max(q.startedAt, nanos / 1_000_000);
        }
        return new InFlight(ref, q.source, q.offset, q.length, Math.max(0, done), q.startedAt, last);
    }

    private void carryOut(Action a, Rendition r) {
        if (a instanceof Action.FetchFromCdn f) {
            fetchFromCdn(f.segment(), r);
        } else if (a instanceof Action.FetchFromPeer f) {
            fetchFromPeer(f.segment(), f.peer(), r);
        } else if (a instanceof Action.Cancel c) {
            Request q = inFlight.get(c.segment());
            if (q != null && q.source.equals(c.source())) {
                inFlight.remove(c.segment());
                if (q.peerFetch != null) q.peerFetch.cancel();
            }
        } else if (a instanceof Action.FinishFromCdn f) {
            finishFromCdn(f, r);
        }
        // Serve: the transport serves peers itself, within the agent's upload cap.
    }

    private void fetchFromCdn(SegmentRef ref, Rendition r) {
        Segment s = r.segment(ref.seq()).orElseThrow();
        var q = new Request(Source.CDN, 0, s.size(), clock.millis(), null);
        inFlight.put(ref, q);
        cdn.fetch(s.uri(), s.size())
                .onComplete(res -> context.runOnContext(v -> {
                    if (res.succeeded()) {
                        long ms = Math.max(1, clock.millis() - q.startedAt);
                        cdnRate = Math.max(100_000, (cdnRate + s.size() * 1000 / ms) / 2);
                        arrived(ref, q, s, res.result(), Source.CDN, null, 0, s.size());
                    } else {
                        done(ref, q);
                        LOG.fine(() -> "CDN fetch of " + ref + " failed: "
                                + res.cause().getMessage());
                    }
                }));
    }

    private void fetchFromPeer(SegmentRef ref, PeerId peer, Rendition r) {
        Segment s = r.segment(ref.seq()).orElseThrow();
        PeerSession session = peers.apply(manifest.swarmId(ref.rendition())).get(peer);
        if (session == null || s.size() > Integer.MAX_VALUE || ref.seq() > Integer.MAX_VALUE) return;
        PeerFetch f = session.request((int) ref.seq(), 0, (int) s.size());
        var q = new Request(Source.peer(peer), 0, s.size(), clock.millis(), f);
        inFlight.put(ref, q);
        f.result()
                .whenComplete((bytes, e) -> context.runOnContext(v -> {
                    if (e == null) arrived(ref, q, s, bytes, q.source, peer, s.size(), 0);
                    else done(ref, q);
                }));
    }

    private void finishFromCdn(Action.FinishFromCdn f, Rendition r) {
        Request peerReq = inFlight.get(f.segment());
        if (peerReq == null || peerReq.peerFetch == null) return;
        Segment s = r.segment(f.segment().seq()).orElseThrow();
        peerReq.peerFetch.cancel();
        byte[] prefix = peerReq.peerFetch.receivedPrefix();
        PeerId prefixFrom = peerReq.source instanceof Source.Peer p ? p.id() : null;
        if (prefix.length < f.firstByte()) {
            inFlight.remove(f.segment());
            return; // fewer bytes than the scheduler saw: let the next tick decide afresh
        }
        var q = new Request(Source.CDN, f.firstByte(), f.length(), clock.millis(), null);
        inFlight.put(f.segment(), q);
        counters.rangeCompletions.incrementAndGet();
        int first = (int) f.firstByte();
        cdn.fetchRange(s.uri(), f.firstByte(), f.lastByte(), s.size())
                .onComplete(res -> context.runOnContext(v -> {
                    if (res.failed()) {
                        done(f.segment(), q);
                        return;
                    }
                    byte[] whole = new byte[(int) s.size()];
                    System.arraycopy(prefix, 0, whole, 0, first);
                    System.arraycopy(res.result(), 0, whole, first, res.result().length);
                    // A wrong prefix is the peer's fault, but here we cannot tell which part lied: ban nobody, refetch.
                    arrived(f.segment(), q, s, whole, Source.CDN, prefixFrom, first, s.size() - first);
                }));
    }

    private void done(SegmentRef ref, Request q) {
        if (inFlight.get(ref) == q) inFlight.remove(ref);
    }

    /**
     * A segment's bytes are in: verify and store them, count them, hand them to waiting players.
     *
     * @param source who is answerable for the bytes (a peer is banned if they do not match); CDN for a peer prefix
     *     finished from the edge, where the culprit cannot be told
     * @param peer the peer that sent {@code peerBytes} of them, or null
     */
    private void arrived(
            SegmentRef ref,
            Request q,
            Segment s,
            byte[] bytes,
            Source source,
            PeerId peer,
            long peerBytes,
            long cdnBytes) {
        done(ref, q);
        if (closed) return;
        var key = new SegmentKey(manifest.titleId(), ref.rendition(), ref.seq());
        // Recorded before the write: once the cache has the segment, a player may be served it before the callback.
        var provenance = deliveries.fetched(ref.rendition(), ref.seq(), peer, peerBytes, cdnBytes);
        storing.merge(ref, 1, Integer::sum);
        vertx.executeBlocking(() -> cache.put(key, bytes, s.size(), s.sha256()), false)
                .onComplete(res -> context.runOnContext(v -> {
                    storing.computeIfPresent(ref, (k, n) -> n > 1 ? n - 1 : null);
                    PutResult put = res.succeeded() ? res.result() : null;
                    if (put == PutResult.STORED || put == PutResult.ALREADY_PRESENT) {
                        counters.bytesFromPeers.addAndGet(peerBytes);
                        counters.bytesFromCdn.addAndGet(cdnBytes);
                        var stream = counters.stream(manifest.titleId(), ref.rendition());
                        stream.bytesFromPeers.addAndGet(peerBytes);
                        stream.bytesFromCdn.addAndGet(cdnBytes);
                        (source instanceof Source.Peer ? counters.segmentsFromPeers : counters.segmentsFromCdn)
                                .incrementAndGet();
                        announce(ref);
                        List<Promise<byte[]>> list = waiters.remove(ref);
                        if (list != null) list.forEach(p -> p.tryComplete(bytes));
                    } else if (put == PutResult.HASH_MISMATCH || put == PutResult.WRONG_SIZE) {
                        deliveries.rejected(provenance);
                        counters.hashMismatches.incrementAndGet();
                        // Several requests to one peer may fail the check; the peer is banned (and counted) once.
                        if (source instanceof Source.Peer p && !transport.isBanned(p.id())) {
                            LOG.warning("peer " + p.id() + " sent bad bytes for " + ref + ": banned");
                            transport.ban(p.id(), ByeReason.BAD_DATA);
                            counters.bans.incrementAndGet();
                        }
                        tick();
                    } else {
                        deliveries.rejected(provenance);
                        LOG.warning("could not cache " + ref + ": " + (put != null ? put : res.cause()));
                    }
                }));
    }

    private void announce(SegmentRef ref) {
        if (ref.seq() > Integer.MAX_VALUE) return;
        SwarmId sw = manifest.swarmId(ref.rendition());
        for (PeerSession s : peers.apply(sw).values()) {
            if (s.isOpen() && s.swarm().equals(sw)) s.announce((int) ref.seq());
        }
    }

    /** For /status. */
    public Future<Map<String, Object>> status() {
        Promise<Map<String, Object>> p = Promise.promise();
        context.runOnContext(v -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("titleId", manifest.titleId());
            String rendition = rendition();
            m.put("rendition", rendition);
            m.put("playhead", playhead());
            var followed = new LinkedHashMap<String, Object>();
            tracks.all().forEach(t -> followed.put(t.rendition(), t.playhead()));
            m.put("renditions", followed);
            m.put("inFlight", inFlight.size());
            m.put(
                    "cachedSegments",
                    rendition == null
                            ? 0
                            : cache.segments(manifest.titleId(), rendition).size());
            // Per rendition, the last segments handed to the player and where each came from, oldest first.
            m.put("delivered", deliveries.toStatus());
            p.complete(m);
        });
        return p.future();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timerId);
        context.runOnContext(v -> {
            closed = true;
            inFlight.values().forEach(q -> {
                if (q.peerFetch != null) q.peerFetch.cancel();
            });
            inFlight.clear();
            waiters.values().forEach(l -> l.forEach(p -> p.tryFail("session closed")));
            waiters.clear();
        });
    }
}
