package dev.riffle.agent;

import dev.riffle.agent.app.AgentSettings;
import dev.riffle.agent.app.AppRoutes;
import dev.riffle.agent.app.CatalogueClient;
import dev.riffle.agent.app.PageLogin;
import dev.riffle.agent.app.SettingsFile;
import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cdn.EdgeSet;
import dev.riffle.agent.player.MetricsText;
import dev.riffle.agent.player.PlayerBackend;
import dev.riffle.agent.player.PlayerServer;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.seeding.CacheSegmentProvider;
import dev.riffle.agent.session.Counters;
import dev.riffle.agent.session.DeliveryLog;
import dev.riffle.agent.session.KeyClient;
import dev.riffle.agent.session.LicenseSessions;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.session.SwarmReports;
import dev.riffle.agent.session.TitleManifest;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.agent.tracker.IceServerRefresh;
import dev.riffle.agent.tracker.PolluterReporter;
import dev.riffle.agent.tracker.StatsReporter;
import dev.riffle.agent.tracker.SwarmState;
import dev.riffle.agent.tracker.SwarmStates;
import dev.riffle.agent.tracker.TrackerAuth;
import dev.riffle.agent.tracker.TrackerClient;
import dev.riffle.agent.tracker.TrackerPort;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.tracker.TrackerSignaling;
import dev.riffle.agent.transport.IceServer;
import dev.riffle.agent.transport.PeerSession;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.SessionListener;
import dev.riffle.agent.transport.Signaling;
import dev.riffle.agent.transport.Transport;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscriber's agent, and the composition root of its parts: cache, transport, CDN and license clients, one fetch
 * loop per title being watched, the player-side HTTP server, and, with a tracker, the tracker client and stats
 * reporter. Each part gets a narrow port rather than the agent. Nothing static: many agents share a JVM (and, if they
 * like, one {@link Vertx} and one {@link RtcFactory}, both owned by the caller); the clock is injected.
 */
public final class Agent implements AutoCloseable {
    private final Vertx vertx;
    private final AgentConfig config;
    private final InstantSource clock;
    private final PeerId id;
    private final SegmentCache cache;
    private final CacheSegmentProvider provider;
    private final Transport transport;
    private final TransportSwarms swarms;
    private final OriginClient origin;
    private final KeyClient keys;
    private final LicenseSessions licenses;
    /** Last player request per title (clock millis), for releasing the license session of an idle player. */
    private final Map<String, Long> playerSeen = new ConcurrentHashMap<>();
    /** Titles whose license session was released because the player went idle: reopened when it comes back. */
    private final Set<String> idleReleased = ConcurrentHashMap.newKeySet();

    private long idleTimer = -1;
    private final Counters counters = new Counters();
    /** What the tracker last said about each swarm (written by the tracker client, read by the fetch loops). */
    private final SwarmReports swarmReports;
    /** Open sessions, one per peer and swarm (several swarms share one connection to a peer). */
    private final Map<SessionKey, PeerSession> peers = new ConcurrentHashMap<>();

    private record SessionKey(PeerId peer, SwarmId swarm) {}
    /** Bytes uploaded by sessions already closed, per swarm, so totals never go down. */
    private final Map<SwarmId, AtomicLong> closedUpload = new ConcurrentHashMap<>();
    /** Closed before everything else (the tracker client leaves its swarms while the transport still runs). */
    private final List<AutoCloseable> attached = new CopyOnWriteArrayList<>();

    private final Map<String, Future<TitleSession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, EdgeSet> cdns = new ConcurrentHashMap<>();
    private final PlayerServer server;
    private final AppRoutes app;
    private final SettingsFile settingsFile;
    private volatile AgentSettings settings;
    private volatile PageLogin pageLogin;
    private volatile TrackerClient tracker;
    private volatile StatsReporter stats;
    private volatile PolluterReporter polluters;

    /** With the system clock. */
    public Agent(Vertx vertx, AgentConfig config, RtcFactory rtc, Signaling signaling) {
        this(vertx, config, rtc, signaling, InstantSource.system());
    }

    public Agent(Vertx vertx, AgentConfig config, RtcFactory rtc, Signaling signaling, InstantSource clock) {
        // What the subscriber saved on the settings page outlives the flags the agent was started with.
        this.settingsFile = new SettingsFile(config.cacheDir());
        this.settings = settingsFile
                .load()
                .orElse(new AgentSettings(
                        config.cacheBytes(), config.transport().uploadBytesPerSec(), false));
        config = config.withCacheBytes(settings.cacheBytes())
                .withTransport(config.transport().withUploadCap(settings.uploadBytesPerSec()));
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.id = new PeerId(config.agentId());
        this.swarmReports = new SwarmReports(config.tracker() != null);
        try {
            this.cache = SegmentCache.open(config.cacheDir(), config.cacheBytes(), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the cache at " + config.cacheDir(), e);
        }
        this.provider = new CacheSegmentProvider(cache);
        provider.metered(settings.metered());
        this.transport = new Transport(id, rtc, signaling, provider, config.transport(), new Peers(), clock);
        this.swarms = new TransportSwarms(transport, this::peers, (peer, evidence) -> {
            PolluterReporter r = polluters;
            if (r != null) r.report(peer, evidence);
        });
        this.origin = new OriginClient(vertx, config);
        this.licenses =
                new LicenseSessions(vertx, config.license(), config.token(), config.deviceId(), config.httpTimeout());
        this.keys = new KeyClient(
                vertx, config.license(), config.token(), config.deviceId(), config.httpTimeout(), licenses);
        Backend backend = new Backend();
        this.app = new AppRoutes(
                new AppPort(this, backend::summary), new CatalogueClient(vertx, config.origin(), config.httpTimeout()));
        this.server = new PlayerServer(vertx, backend, app::mount);
    }

    /** Starts the player-side server on 127.0.0.1; completes with the bound port. */
    public Future<Integer> start() {
        long every = Math.max(200, Math.min(5_000, config.playerIdle().toMillis() / 4));
        idleTimer = vertx.setPeriodic(every, t -> releaseIdle());
        return server.listen(config.port());
    }

    /**
     * An agent that finds peers through the tracker at {@code settings.url()}: opens the signalling socket first (the
     * tracker names the agent: {@code <account tag>.<device>}), builds the agent under that id, then starts announcing
     * and reporting stats. Completes once the player-side server listens.
     */
    public static Future<Agent> withTracker(Vertx vertx, AgentConfig config, RtcFactory rtc, TrackerSettings settings) {
        return withTracker(vertx, config, rtc, settings, InstantSource.system());
    }

    public static Future<Agent> withTracker(
            Vertx vertx, AgentConfig config, RtcFactory rtc, TrackerSettings settings, InstantSource clock) {
        return IceServerRefresh.start(
                        vertx,
                        settings,
                        config.token(),
                        config.httpTimeout(),
                        config.transport().iceServers())
                .compose(ice -> withTracker(vertx, config, rtc, settings, clock, ice));
    }

    private static Future<Agent> withTracker(
            Vertx vertx,
            AgentConfig config,
            RtcFactory rtc,
            TrackerSettings settings,
            InstantSource clock,
            IceServerRefresh ice) {
        if (config.transport().relayOnly() && ice.servers().stream().noneMatch(IceServer::isTurn)) {
            ice.close();
            return Future.failedFuture(new IllegalStateException(
                    "relay-only mode needs a TURN server: none was configured and the tracker handed out none"));
        }
        return TrackerSignaling.connect(vertx, settings.url(), config.deviceId(), config.token(), config.httpTimeout())
                .onFailure(e -> ice.close())
                .compose(signaling -> {
                    Agent agent;
                    try {
                        agent = new Agent(
                                vertx,
                                config.withAgentId(signaling.peerId().value())
                                        .withTracker(settings.url())
                                        .withTransport(config.transport().withIceServers(ice.servers())),
                                rtc,
                                signaling,
                                clock);
                    } catch (RuntimeException e) {
                        signaling.close();
                        ice.close();
                        return Future.failedFuture(e);
                    }
                    ice.onRefresh(agent.transport::useIceServers);
                    agent.attached.add(ice);
                    agent.attached.add(signaling);
                    return agent.start()
                            .map(port -> {
                                agent.attachTracker(settings);
                                return agent;
                            })
                            .onFailure(e -> agent.close());
                });
    }

    private void attachTracker(TrackerSettings settings) {
        var auth = new TrackerAuth(id, config.token(), config.httpTimeout());
        tracker =
                new TrackerClient(vertx, auth, config.transport().maxConnections(), new Membership(), settings, clock);
        stats = new StatsReporter(vertx, auth, counters, this::uploadedByStream, settings);
        polluters = new PolluterReporter(vertx, auth, settings);
        attached.add(0, polluters);
        attached.add(0, stats);
        attached.add(0, tracker);
    }

    // ---- the public API: what players, the CLI, the demo and tests use

    public PeerId id() {
        return id;
    }

    public AgentConfig config() {
        return config;
    }

    public int port() {
        return server.port();
    }

    /** The subscriber's app: catalogue, player, source bar, my titles, settings. */
    public URI appUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    public URI playUrl(String titleId) {
        return URI.create("http://127.0.0.1:" + port() + "/play/" + titleId + "/master.m3u8");
    }

    /** Opens a title (its signed manifest is loaded and verified; the agent joins its swarms). */
    public Future<Manifest> open(String titleId) {
        return session(titleId).map(TitleSession::manifest);
    }

    /** What this agent delivered and exchanged so far. */
    public AgentTotals totals() {
        return new AgentTotals(
                counters.bytesFromPeers.get(),
                counters.bytesFromCdn.get(),
                bytesUploaded(),
                peers().size(),
                counters.stalls.get(),
                counters.startupMillis.get(),
                counters.bans.get(),
                counters.rangeCompletions.get());
    }

    /** The last segments of a rendition handed to the player, oldest first, each with where its bytes came from. */
    public List<DeliveryLog.Provenance> delivered(String titleId, String renditionId) {
        Future<TitleSession> s = sessions.get(titleId);
        return s != null && s.succeeded() ? s.result().deliveries().delivered(renditionId) : List.of();
    }

    /** The rendition the player of a title follows (its video one when it also reads audio); empty before any. */
    public Optional<String> rendition(String titleId) {
        Future<TitleSession> s = sessions.get(titleId);
        return s != null && s.succeeded() ? Optional.ofNullable(s.result().rendition()) : Optional.empty();
    }

    /** Whether a connected peer of a rendition's swarm has said which segments it holds. */
    public boolean peerAnnounced(String titleId, String renditionId) {
        return peers(SwarmId.of(titleId, renditionId)).values().stream()
                .anyMatch(s -> !s.remoteSegments().isEmpty());
    }

    /** The tracker's last answer about a rendition's swarm (size 0 before any). */
    public SwarmReports.Report swarmReport(String titleId, String renditionId) {
        return swarmReports.of(SwarmId.of(titleId, renditionId));
    }

    /**
     * Whether the signalling socket to the tracker is open now (it reconnects by itself after a tracker replica goes
     * away); true for an agent without a tracker.
     */
    public boolean signalingConnected() {
        for (AutoCloseable a : attached) {
            if (a instanceof dev.riffle.agent.tracker.TrackerSignaling t) return t.isConnected();
        }
        return true;
    }

    /** Announces answered so far by the tracker; 0 without one. */
    public long trackerAnnounces() {
        TrackerClient t = tracker;
        return t == null ? 0 : t.announces();
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

    // ---- the subscriber's controls (the app's settings and my-titles pages)

    /** Stops offering a title's cached segments to peers (persists), or offers them again. */
    public void seeding(String titleId, boolean on) throws IOException {
        if (on) cache.resumeSeeding(titleId);
        else cache.stopSeeding(titleId);
        // The tracker learns it at once, not at the next periodic announce.
        TrackerClient tc = tracker;
        if (tc != null) tc.announceSoon();
    }

    /** Stops watching a title and frees its cache (completes once its segments are gone from disk). */
    public Future<Void> deleteTitle(String titleId) {
        return closeSession(titleId)
                .otherwiseEmpty()
                .compose(x -> vertx.executeBlocking(() -> {
                    cache.deleteTitle(titleId);
                    return null;
                }));
    }

    public AgentSettings settings() {
        return settings;
    }

    /** Lets the app's page sign the subscriber in (the CLI sets it when the agent reads a {@code tokens.json}). */
    public void pageLogin(PageLogin login) {
        this.pageLogin = login;
    }

    public Optional<PageLogin> pageLogin() {
        return Optional.ofNullable(pageLogin);
    }

    /**
     * Applies new settings at once — the cache cap (evicting down to it), the upload cap, metered mode (nothing offered
     * or sent to peers) — and saves them for the next start.
     */
    public synchronized void settings(AgentSettings next) throws IOException {
        settingsFile.save(next);
        settings = next;
        cache.maxBytes(next.cacheBytes());
        transport.uploadCap(next.uploadBytesPerSec());
        provider.metered(next.metered());
        TrackerClient tc = tracker;
        if (tc != null) tc.announceSoon();
    }

    /** Bytes uploaded of one title's swarms (sessions closed included). */
    public long bytesUploaded(String titleId) {
        return uploadedByStream().entrySet().stream()
                .filter(e -> e.getKey().titleId().equals(titleId))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Peers connected in any swarm of one title. */
    public long peersConnected(String titleId) {
        return peers.keySet().stream()
                .filter(k -> provider.stream(k.swarm())
                        .map(st -> st.titleId().equals(titleId))
                        .orElse(false))
                .map(SessionKey::peer)
                .distinct()
                .count();
    }

    // ---- parts, for tests and the CLI that drive them directly

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

    /** drm-license playback sessions, one per title playing. */
    public LicenseSessions licenses() {
        return licenses;
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

    /** The fetch loop of a title, loading and verifying its manifest the first time (a failure is not remembered). */
    public Future<TitleSession> session(String titleId) {
        Future<TitleSession> f =
                sessions.computeIfAbsent(titleId, t -> origin.manifest(t).map(m -> {
                    m.renditions().forEach(r -> provider.register(t, r.id()));
                    EdgeSet cdn = cdns.computeIfAbsent(
                            t,
                            x -> new EdgeSet(
                                    vertx,
                                    config.contentBases(x),
                                    config.httpTimeout(),
                                    clock,
                                    counters.edgeFailovers));
                    TrackerClient tc = tracker;
                    // The swarms of a title just opened are announced now, not at the tracker client's next check.
                    if (tc != null) tc.announceSoon();
                    // Live: a tighter margin, as a live segment is due about a second after it is announced.
                    var scheduling = m.isLive()
                            ? config.scheduler().toBuilder()
                                    .deadlineMarginMillis(config.live().marginMillis())
                                    .build()
                            : config.scheduler();
                    return new TitleSession(
                            vertx,
                            new TitleManifest(m, clock.millis()),
                            cache,
                            cdn,
                            swarms,
                            new Scheduler(scheduling),
                            counters,
                            clock,
                            config.tick(),
                            swarmReports,
                            id,
                            origin,
                            config.live());
                }));
        return f.onFailure(e -> sessions.remove(titleId, f));
    }

    /** Fetch loops that are up. */
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

    // ---- license sessions of idle players

    /** The player asked for something of this title (the player-side server calls this on every request). */
    public void playerActivity(String titleId) {
        playerSeen.put(titleId, clock.millis());
        if (idleReleased.remove(titleId)) {
            // The player is back after its stream slot was given up: take one again (refused → next key request 403).
            licenses.ensure(titleId);
        }
    }

    private void releaseIdle() {
        long now = clock.millis();
        long idle = config.playerIdle().toMillis();
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

    // ---- ports

    /** The player-side server's view of the agent. */
    private final class Backend implements PlayerBackend {
        @Override
        public Future<TitleSession> session(String titleId) {
            return Agent.this.session(titleId);
        }

        @Override
        public void playerActivity(String titleId) {
            Agent.this.playerActivity(titleId);
        }

        @Override
        public Future<byte[]> key(String titleId, String kid) {
            return keys.key(titleId, kid);
        }

        @Override
        public Duration segmentWait() {
            return config.segmentWait();
        }

        @Override
        public JsonObject summary() {
            AgentTotals t = totals();
            var json = new JsonObject()
                    .put("agentId", id.toString())
                    .put("bytesFromPeers", t.bytesFromPeers())
                    .put("bytesFromCdn", t.bytesFromCdn())
                    .put("bytesUploaded", t.bytesUploaded())
                    .put("offloadRatio", counters.offloadRatio())
                    .put("stalls", t.stalls())
                    .put("startupMillis", t.startupMillis())
                    .put("peersConnected", t.peersConnected())
                    .put("bans", t.bans())
                    .put("rangeCompletions", t.rangeCompletions())
                    .put("cdnElected", counters.cdnElected.get())
                    .put("cdnDeadline", counters.cdnDeadline.get())
                    .put("cacheBytes", cache.usedBytes())
                    .put("cacheMaxBytes", cache.maxBytes());
            TrackerClient tc = tracker;
            if (tc != null) {
                StatsReporter sr = stats;
                json.put(
                        "tracker",
                        new JsonObject()
                                .put("url", config.tracker().toString())
                                .put("announces", tc.announces())
                                .put("statsReports", sr == null ? 0L : sr.reports()));
            }
            return json;
        }

        @Override
        public List<TitleSession> loadedSessions() {
            return Agent.this.loadedSessions();
        }

        @Override
        public String metrics() {
            return MetricsText.render(counters, bytesUploaded(), peers().size(), cache.usedBytes());
        }
    }

    /** The tracker client's view of the agent. */
    private final class Membership implements TrackerPort {
        @Override
        public List<SwarmState> swarms() {
            // Metered: nothing is offered, so nothing held is announced either.
            return SwarmStates.of(loadedSessions(), cache, !settings.metered());
        }

        @Override
        public long bytesUploaded() {
            return Agent.this.bytesUploaded();
        }

        @Override
        public long uploadOffered() {
            AgentSettings s = settings;
            if (s.metered()) return 0;
            return s.uploadBytesPerSec() > 0 ? s.uploadBytesPerSec() : Long.MAX_VALUE;
        }

        @Override
        public int connectionCount() {
            return transport.connectionCount();
        }

        @Override
        public boolean isBanned(PeerId peer) {
            return transport.isBanned(peer);
        }

        @Override
        public boolean isConnected(PeerId peer, SwarmId swarm) {
            return peers.containsKey(new SessionKey(peer, swarm));
        }

        @Override
        public Future<?> connect(PeerId peer, String titleId, String renditionId) {
            return Agent.this.connect(peer, titleId, renditionId);
        }

        @Override
        public SwarmReports reports() {
            return swarmReports;
        }
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
        app.close();
        licenses.close();
        sessions.values().forEach(f -> {
            if (f.succeeded()) f.result().close();
        });
        transport.close();
        cdns.values().forEach(EdgeSet::close);
        origin.close();
        keys.close();
    }
}
