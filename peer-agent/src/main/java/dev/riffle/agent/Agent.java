package dev.riffle.agent;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cdn.CdnClient;
import dev.riffle.agent.player.PlayerServer;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.seeding.CacheSegmentProvider;
import dev.riffle.agent.session.Counters;
import dev.riffle.agent.session.KeyClient;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.session.TitleSession;
import dev.riffle.agent.transport.PeerSession;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.SessionListener;
import dev.riffle.agent.transport.Signaling;
import dev.riffle.agent.transport.Transport;
import dev.riffle.protocol.wire.ByeReason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
    private final Counters counters = new Counters();
    private final Map<PeerId, PeerSession> peers = new ConcurrentHashMap<>();
    /** Bytes uploaded by sessions already closed, so the total never goes down. */
    private final AtomicLong closedUpload = new AtomicLong();

    private final Map<String, Future<TitleSession>> sessions = new ConcurrentHashMap<>();
    private final Map<String, CdnClient> cdns = new ConcurrentHashMap<>();
    private final PlayerServer server;

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
        this.keys = new KeyClient(vertx, config.license(), config.token(), config.deviceId(), config.httpTimeout());
        this.server = new PlayerServer(vertx, this);
    }

    /** Starts the player-side server on 127.0.0.1; completes with the bound port. */
    public Future<Integer> start() {
        return server.listen(config.port());
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

    public Map<PeerId, PeerSession> peers() {
        return Map.copyOf(peers);
    }

    public long bytesUploaded() {
        return peers.values().stream().mapToLong(PeerSession::bytesUploaded).sum() + closedUpload.get();
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
                            this::peers,
                            new Scheduler(config.scheduler(), new SplittableRandom(id.hashCode() * 31L + t.hashCode())),
                            counters,
                            clock,
                            config.tick());
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
            peers.put(s.remote(), s);
        }

        @Override
        public void onClosed(PeerSession s, ByeReason reason, boolean hostile) {
            if (peers.remove(s.remote(), s)) closedUpload.addAndGet(s.bytesUploaded());
        }
    }

    @Override
    public void close() {
        server.close();
        sessions.values().forEach(f -> {
            if (f.succeeded()) f.result().close();
        });
        transport.close();
        cdns.values().forEach(CdnClient::close);
        origin.close();
        keys.close();
    }
}
