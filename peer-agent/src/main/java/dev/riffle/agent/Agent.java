package dev.riffle.agent;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cdn.CdnClient;
import dev.riffle.agent.player.PlayerServer;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.seeding.CacheSegmentProvider;
import dev.riffle.agent.session.Counters;
import dev.riffle.agent.session.KeyClient;
import dev.riffle.agent.session.LicenseSessions;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.session.SwarmReports;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.agent.tracker.StatsReporter;
import dev.riffle.agent.tracker.TrackerClient;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.tracker.TrackerSignaling;
import dev.riffle.agent.transport.PeerSession;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.SessionListener;
import dev.riffle.agent.transport.Signaling;
import dev.riffle.agent.transport.Transport;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One subscriber's agent: cache, transport, CDN and license clients, one fetch loop per title being watched, and the
 * player-side HTTP server. Nothing static: many agents share a JVM (and, if they like, one {@link Vertx} and one
 * {@link RtcFactory}, both owned by the caller).
 */
public final class Agent implements AutoCloseable {
    private final Vertx vertx;
    private final AgentConfig config;
    private final InstantSource clock;
    private final PeerId id;
    private final SegmentCache cache;
    private final CacheSegmentProvider provider;
    private final Transport transport;
    private final OriginClient origin;
    private final KeyClient keys;
    private final LicenseSessions licenses;
    /** Last player request per title (nanoTime), for releasing the license session of an idle player. */
    private final Map<String, Long> playerSeen = new ConcurrentHashMap<>();
    /** Titles whose license session was released because the player went idle: reopened when it comes back. */
    private final Set<String> idleReleased = ConcurrentHashMap.newKeySet();

    private long idleTimer = -1;
    private final Counters counters = new Counters();
    /** What the tracker last said about each swarm (written by the tracker client, read by the fetch loops). */
    private final SwarmReports swarmReports = new SwarmReports();
    /** Open sessions, one per peer and swarm (several swarms share one connection to a peer). */
    private final Map<SessionKey, PeerSession> peers = new ConcurrentHashMap<>();

    private record SessionKey(PeerId peer, SwarmId swarm) {}
    /** Bytes uploaded by sessions already closed, per swarm, so totals never go down. */
    private final Map<SwarmId, AtomicLong> closedUpload = new ConcurrentHashMap<>();
    /** Closed before everything else (the tracker client leaves its swarms while the transport still runs). */
    private final List<AutoCloseable> attached = new CopyOnWriteArrayList<>();

    private final Map<String, Future<TitleSession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, CdnClient> cdns = new ConcurrentHashMap<>();
    private final PlayerServer server;
    private volatile TrackerClient tracker;
    private volatile StatsReporter stats;

    public Agent(Vertx vertx, AgentConfig config, RtcFactory rtc, Signaling signaling) {
        this.vertx = vertx;
        this.config = config;
        this.clock = InstantSource.system();
        this.id = new PeerId(config.agentId());
        try {
            this.cache = SegmentCache.open(config.cacheDir(), config.cacheBytes(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cache at " + config.cacheDir(), e);
        }
        this.provider = new CacheSegmentProvider(cache);
        this.transport = new Transport(id, rtc, signaling, provider, config.transport(), new Peers(), clock);
        this.origin = new OriginClient(vertx, config.origin(), config.httpTimeout());
        this.licenses =
                new LicenseSessions(vertx, config.license(), config.token(), config.deviceId(), config.httpTimeout());
        this.keys = new KeyClient(
                vertx, config.license(), config.token(), config.deviceId(), config.httpTimeout(), licenses);
        this.server = new PlayerServer(vertx, this);
    }

    /** Starts the player-side server on 127.0.0.1; completes with the bound port. */
    public Future<Integer> start() {
        long every = Math.max(200, Math.min(5_000, config.playerIdle().toMillis() / 4));
        idleTimer = vertx.setPeriodic(every, t -> releaseIdle());
        return server.listen(config.port());
    }

    /** drm-license playback sessions, one per title playing. */
    public LicenseSessions licenses() {
        return licenses;
    }

    /** The player asked for something of this title (the player-side server calls this on every request). */
    public void playerActivity(String titleId) {
        playerSeen.put(titleId, System.nanoTime());
        if (idleReleased.remove(titleId)) {
            // The player is back after its stream slot was given up: take one again (refused → next key request 403).
            licenses.ensure(titleId);
        }
    }

    private void releaseIdle() {
        long now = System.nanoTime();
        long idle = config.playerIdle().toNanos();
        playerSeen.forEach((title, seen) -> {
            if (now - seen > idle && licenses.sessionId(title).isPresent()) {
                idleReleased.add(title);
                releaseLicense(title);
            }
        });
    }

    private Future<Void> releaseLicense(String titleId) {
        Future<TitleSession> s = sessions.get(titleId);
        if (s != null && s.succeeded())
            keys.forget(s.result().manifest().contentKey().kid().base64url());
        return licenses.release(titleId);
    }

    /**
     * Stops watching a title: its fetch loop ends and its drm-license session is released (completes once drm-license
     * answered), so the account's stream slot is free for another device at once. Its cached segments stay and are
     * still seeded; opening the title again starts a new fetch loop.
     */
    public Future<Void> closeSession(String titleId) {
        Future<Void> released = releaseLicense(titleId);
        Future<TitleSession> s = sessions.remove(titleId);
        if (s != null) s.onSuccess(TitleSession::close);
        playerSeen.remove(titleId);
        idleReleased.remove(titleId);
        return released;
    }

    public PeerId id() {
        return id;
    }

    public AgentConfig config() {
        return config;
    }

    public Counters counters() {
        return counters;
    }

    public SegmentCache cache() {
        return cache;
    }

    public Transport transport() {
        return transport;
    }

    public KeyClient keys() {
        return keys;
    }

    public int port() {
        return server.port();
    }

    public URI playUrl(String titleId) {
        return URI.create("http://127.0.0.1:" + port() + "/play/" + titleId + "/master.m3u8");
    }

    /** Connected peers, one session each (any of its swarms); {@link #peers(SwarmId)} for one swarm's sessions. */
    public Map<PeerId, PeerSession> peers() {
        Map<PeerId, PeerSession> out = new HashMap<>();
        peers.forEach((k, s) -> out.putIfAbsent(k.peer(), s));
        return Map.copyOf(out);
    }

    /** The sessions of one swarm (a title's rendition), by peer. */
    public Map<PeerId, PeerSession> peers(SwarmId swarm) {
        Map<PeerId, PeerSession> out = new HashMap<>();
        peers.forEach((k, s) -> {
            if (k.swarm().equals(swarm)) out.put(k.peer(), s);
        });
        return Map.copyOf(out);
    }

    /** Every open peer session, all swarms. */
    public List<PeerSession> peerSessions() {
        return List.copyOf(peers.values());
    }

    public long bytesUploaded() {
        return peers.values().stream().mapToLong(PeerSession::bytesUploaded).sum()
                + closedUpload.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Bytes uploaded per title and rendition (for stats reports). */
    public Map<Counters.StreamKey, Long> uploadedByStream() {
        Map<SwarmId, Long> bySwarm = new HashMap<>();
        closedUpload.forEach((s, n) -> bySwarm.merge(s, n.get(), Long::sum));
        peers.values().forEach(p -> bySwarm.merge(p.swarm(), p.bytesUploaded(), Long::sum));
        Map<Counters.StreamKey, Long> out = new HashMap<>();
        bySwarm.forEach((s, n) -> provider.stream(s)
                .ifPresent(st -> out.merge(new Counters.StreamKey(st.titleId(), st.renditionId()), n, Long::sum)));
        return out;
    }

    /**
     * An agent that finds peers through the tracker at {@code settings.url()}: opens the signalling socket first (the
     * tracker names the agent: {@code <account tag>.<device>}), builds the agent under that id, then starts announcing
     * and reporting stats. Completes once the player-side server listens.
     */
    public static Future<Agent> withTracker(Vertx vertx, AgentConfig config, RtcFactory rtc, TrackerSettings settings) {
        return TrackerSignaling.connect(vertx, settings.url(), config.deviceId(), config.token(), config.httpTimeout())
                .compose(signaling -> {
                    Agent agent;
                    try {
                        agent = new Agent(
                                vertx,
                                config.withAgentId(signaling.peerId().value()).withTracker(settings.url()),
                                rtc,
                                signaling);
                    } catch (RuntimeException e) {
                        signaling.close();
                        return Future.failedFuture(e);
                    }
                    agent.attached.add(signaling);
                    return agent.start()
                            .map(port -> {
                                agent.tracker = new TrackerClient(vertx, agent, settings, agent.clock);
                                agent.stats = new StatsReporter(vertx, agent, settings);
                                agent.attached.add(0, agent.stats);
                                agent.attached.add(0, agent.tracker);
                                return agent;
                            })
                            .onFailure(e -> agent.close());
                });
    }

    /** What the tracker reported in its last announce answers: viewers and announced peers per swarm. */
    public SwarmReports swarmReports() {
        return swarmReports;
    }

    /** The tracker client, if this agent uses a tracker. */
    public Optional<TrackerClient> tracker() {
        return Optional.ofNullable(tracker);
    }

    public Optional<StatsReporter> stats() {
        return Optional.ofNullable(stats);
    }

    /** The fetch loop of a title, loading and verifying its manifest the first time (a failure is not remembered). */
    public Future<TitleSession> session(String titleId) {
        Future<TitleSession> f =
                sessions.computeIfAbsent(titleId, t -> origin.manifest(t).map(m -> {
                    m.renditions().forEach(r -> provider.register(t, r.id()));
                    CdnClient cdn = cdns.computeIfAbsent(
                            t, x -> new CdnClient(vertx, origin.contentBase(x), config.httpTimeout()));
                    return new TitleSession(
                            vertx,
                            m,
                            cache,
                            cdn,
                            transport,
                            (Function<SwarmId, Map<PeerId, PeerSession>>) this::peers,
                            new Scheduler(config.scheduler(), new SplittableRandom(id.hashCode() * 31L + t.hashCode())),
                            counters,
                            clock,
                            config.tick(),
                            swarmReports);
                }));
        return f.onFailure(e -> sessions.remove(titleId, f));
    }

    /** Fetch loops that are up (for /status). */
    public List<TitleSession> loadedSessions() {
        return sessions.values().stream()
                .filter(Future::succeeded)
                .map(Future::result)
                .toList();
    }

    /** Connects to a peer for one rendition of a title (what the tracker client does for each peer it is given). */
    public Future<PeerSession> connect(PeerId remote, String titleId, String renditionId) {
        var swarm = provider.register(titleId, renditionId);
        return Future.fromCompletionStage(transport.connect(remote, swarm));
    }

    private final class Peers implements SessionListener {
        @Override
        public void onReady(PeerSession s) {
            peers.put(new SessionKey(s.remote(), s.swarm()), s);
        }

        @Override
        public void onClosed(PeerSession s, ByeReason reason, boolean hostile) {
            if (peers.remove(new SessionKey(s.remote(), s.swarm()), s))
                closedUpload.computeIfAbsent(s.swarm(), k -> new AtomicLong()).addAndGet(s.bytesUploaded());
        }
    }

    @Override
    public void close() {
        for (AutoCloseable a : attached) {
            try {
                a.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        if (idleTimer >= 0) vertx.cancelTimer(idleTimer);
        server.close();
        licenses.close();
        sessions.values().forEach(f -> {
            if (f.succeeded()) f.result().close();
        });
        transport.close();
        cdns.values().forEach(CdnClient::close);
        origin.close();
        keys.close();
    }
}
