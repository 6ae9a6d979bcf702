package dev.riffle.agent.transport;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import dev.riffle.protocol.wire.WireMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An agent's peer connections: dials and answers through {@link Signaling}, enforces the connection cap, the upload
 * cap (one token bucket for all peers) and bans. One transport thread runs every session of the agent; no static
 * state, so many agents share a JVM (and, if they like, one {@link RtcFactory}).
 */
public final class Transport implements AutoCloseable {
    private final PeerId self;
    private final RtcFactory rtc;
    private final Signaling signaling;
    private final SegmentProvider provider;
    /** Replaced only by {@link #useIceServers} (fresh TURN credentials); links read it when they are made. */
    private volatile TransportConfig config;

    private final SessionListener listener;
    private final InstantSource clock;
    private final ScheduledExecutorService io;
    private final TokenBucket upload;
    /** Transport thread only. */
    private final Map<PeerId, RtcLink> links = new HashMap<>();
    /**
     * Connects under way, per peer and swarm (transport thread only). They complete when a ready session for that
     * swarm appears on whatever link to the peer carries it: the one we offered, or the one we answer when both sides
     * dialled at once and the other side's offer won.
     */
    private final Map<PeerId, Map<SwarmId, List<CompletableFuture<PeerSession>>>> connecting = new HashMap<>();
    /** Peers whose link we are replacing (both sides dialled; theirs won): its sessions' ends are not failures. */
    private final Set<PeerId> rerouting = new java.util.HashSet<>();
    /** What we claim per swarm (transport thread only): sent to each new session, and as changes to open ones. */
    private final Map<SwarmId, SortedMap<Integer, Integer>> ourClaims = new HashMap<>();
    /** What our player wants per swarm (transport thread only): sent to each new session, and when it changes. */
    private final Map<SwarmId, WireMessage.Window> ourWindows = new HashMap<>();

    private final Map<PeerId, ByeReason> banned = new ConcurrentHashMap<>();
    private volatile int connectionCount;
    private final CandidateTypes remoteCandidates = new CandidateTypes();
    private final ConnectionLog connections = new ConnectionLog();

    public Transport(
            PeerId self,
            RtcFactory rtc,
            Signaling signaling,
            SegmentProvider provider,
            TransportConfig config,
            SessionListener listener,
            InstantSource clock) {
        this.self = self;
        this.rtc = rtc;
        this.signaling = signaling;
        this.provider = provider;
        this.config = config;
        this.listener = listener;
        this.clock = clock;
        var executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "riffle-transport-" + self);
            t.setDaemon(true);
            return t;
        });
        // Timeouts still pending at close are moot: drop them instead of waiting for them.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        this.io = executor;
        this.upload = new TokenBucket(config.uploadBytesPerSec(), config.uploadBurstBytes(), nanos());
        signaling.receive((from, message) -> post(() -> onSignal(from, message)));
    }

    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    public PeerId self() {
        return self;
    }

    /** The STUN/TURN servers later connections use (fresh TURN credentials); connections already made keep theirs. */
    public void useIceServers(List<IceServer> servers) {
        config = config.withIceServers(servers);
    }

    /** The ICE candidates peers sent this agent, per type: what this agent learnt of their addresses. */
    public Map<String, Long> remoteCandidateTypes() {
        return remoteCandidates.counts();
    }

    /** Every peer connected to or tried, with the candidate pair and bytes of its connection. */
    public ConnectionLog connections() {
        return connections;
    }

    /** Reads every open connection's selected pair and bytes into {@link #connections()} (answers arrive shortly). */
    public void refreshConnectionStats() {
        post(() -> links.values().forEach(RtcLink::refreshStats));
    }

    /** The STUN/TURN servers new connections use. */
    public List<IceServer> iceServers() {
        return config.iceServers();
    }

    /**
     * Connects to {@code remote} for {@code swarm}; completes when both HELLOs are exchanged. A connection to the peer
     * that exists in any state carries the swarm as one more data channel (opened as soon as that connection can take
     * one), so dialling a peer for several swarms at once, or while it dials us, makes one connection.
     */
    public CompletableFuture<PeerSession> connect(PeerId remote, SwarmId swarm) {
        var result = new CompletableFuture<PeerSession>();
        post(() -> {
            if (banned.containsKey(remote)) {
                result.completeExceptionally(new IllegalStateException("peer is banned"));
                return;
            }
            RtcLink existing = links.get(remote);
            if (existing != null && !existing.isClosed()) {
                var ready = existing.session(swarm)
                        .filter(x ->
                                x.isOpen() && x.ready().isDone() && !x.ready().isCompletedExceptionally());
                if (ready.isPresent()) {
                    result.complete(ready.get());
                    return;
                }
                waitFor(remote, swarm, result);
                if (existing.canOpenChannels() && existing.open(swarm).isEmpty()) {
                    result.completeExceptionally(new IllegalStateException("link refused"));
                }
                return;
            }
            if (links.size() >= config.maxConnections()) {
                result.completeExceptionally(new IllegalStateException("connection cap reached"));
                return;
            }
            waitFor(remote, swarm, result);
            RtcLink link = RtcLink.offer(
                    rtc,
                    remote,
                    swarm,
                    signaling,
                    io,
                    config,
                    (s, ch) -> newSession(remote, s, ch),
                    provider::accepts,
                    this::forget,
                    connections);
            track(link);
            if (link.session().isEmpty()) result.completeExceptionally(new IllegalStateException("link refused"));
        });
        io.schedule(
                () -> {
                    if (result.completeExceptionally(new TimeoutException("no session within the hello timeout"))) {
                        post(() -> giveUp(remote, swarm, result));
                    }
                },
                config.helloTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return result;
    }

    private void waitFor(PeerId remote, SwarmId swarm, CompletableFuture<PeerSession> f) {
        connecting
                .computeIfAbsent(remote, k -> new LinkedHashMap<>())
                .computeIfAbsent(swarm, k -> new ArrayList<>())
                .add(f);
    }

    /** A connect timed out: if nobody else waits for that swarm, drop its channel (or the link, if it was the only). */
    private void giveUp(PeerId remote, SwarmId swarm, CompletableFuture<PeerSession> f) {
        Map<SwarmId, List<CompletableFuture<PeerSession>>> bySwarm = connecting.get(remote);
        if (bySwarm != null) {
            List<CompletableFuture<PeerSession>> waiting = bySwarm.get(swarm);
            if (waiting != null) {
                waiting.remove(f);
                waiting.removeIf(CompletableFuture::isDone);
                if (!waiting.isEmpty()) return;
                bySwarm.remove(swarm);
            }
            if (bySwarm.isEmpty()) connecting.remove(remote);
        }
        RtcLink l = links.get(remote);
        if (l == null) return;
        if (l.session(swarm).isPresent()) {
            if (l.session(swarm).get().ready().isDone()) return;
            if (l.sessions().size() > 1) l.closeChannel(swarm);
            else l.close();
        } else if (!l.canOpenChannels() && !connecting.containsKey(remote)) {
            // An answered connection whose offer never brought a channel, and nobody waits for it any more.
            l.close();
        }
    }

    /**
     * Both ends opened a channel for the same swarm at once and the other's replaced this one: the link carries the
     * swarm on another session, which serves whoever waits.
     */
    private boolean replaced(PeerSession session) {
        RtcLink l = links.get(session.remote());
        return l != null
                && !l.isClosed()
                && l.session(session.swarm()).filter(s -> s != session).isPresent();
    }

    /** A session closed before its HELLO exchange: its connect fails now rather than at the hello timeout. */
    private void failWaiters(PeerSession session, ByeReason reason) {
        Map<SwarmId, List<CompletableFuture<PeerSession>>> bySwarm = connecting.get(session.remote());
        if (bySwarm == null) return;
        List<CompletableFuture<PeerSession>> waiting = bySwarm.remove(session.swarm());
        if (waiting != null) {
            var failure = new IllegalStateException("session closed: " + reason);
            waiting.forEach(f -> f.completeExceptionally(failure));
        }
        if (bySwarm.isEmpty()) connecting.remove(session.remote());
    }

    /** A session is ready: complete whoever waits for that peer and swarm. */
    private void completeWaiters(PeerSession session) {
        Map<SwarmId, List<CompletableFuture<PeerSession>>> bySwarm = connecting.get(session.remote());
        if (bySwarm == null) return;
        List<CompletableFuture<PeerSession>> waiting = bySwarm.remove(session.swarm());
        if (waiting != null) waiting.forEach(f -> f.complete(session));
        if (bySwarm.isEmpty()) connecting.remove(session.remote());
    }

    /**
     * A link got a channel (so it can take more): open the channels of the swarms we are still connecting to that peer
     * for, e.g. those we had on our own offer before the peer's offer won.
     */
    private void openPending(PeerId remote) {
        RtcLink link = links.get(remote);
        Map<SwarmId, List<CompletableFuture<PeerSession>>> bySwarm = connecting.get(remote);
        if (link == null || link.isClosed() || !link.canOpenChannels() || bySwarm == null) return;
        for (SwarmId swarm : List.copyOf(bySwarm.keySet())) {
            if (link.session(swarm).isEmpty()) link.open(swarm);
        }
    }

    private PeerSession newSession(PeerId remote, SwarmId swarm, FrameChannel channel) {
        // Once a link has a channel it can take the others we are waiting to open on it.
        post(() -> openPending(remote));
        return new PeerSession(
                self,
                remote,
                swarm,
                channel,
                provider,
                upload,
                io,
                this::nanos,
                config,
                new Forwarder(),
                () -> ourClaims.getOrDefault(swarm, Collections.emptySortedMap()),
                () -> ourWindows.getOrDefault(swarm, WireMessage.Window.NONE));
    }

    /** Which segments our player wants in {@code swarm} now; open sessions of the swarm hear of a change. */
    public void window(SwarmId swarm, WireMessage.Window window) {
        post(() -> {
            WireMessage.Window before = ourWindows.getOrDefault(swarm, WireMessage.Window.NONE);
            if (before.equals(window)) return;
            if (window.count() == 0) ourWindows.remove(swarm);
            else ourWindows.put(swarm, window);
            for (RtcLink link : links.values()) {
                link.session(swarm)
                        .filter(x -> x.isOpen() && x.ready().isDone())
                        .ifPresent(x -> x.sendWindow(window));
            }
        });
    }

    /**
     * What this agent claims in {@code swarm} now (segment → hops; see {@code WireMessage.Claims}). Open sessions of
     * the swarm get the changes since the last call (withdrawals for what is gone); sessions opened later get the whole
     * set after their HAVE.
     */
    public void claims(SwarmId swarm, SortedMap<Integer, Integer> claims) {
        var now = Collections.unmodifiableSortedMap(new TreeMap<>(claims));
        post(() -> {
            SortedMap<Integer, Integer> before = ourClaims.getOrDefault(swarm, Collections.emptySortedMap());
            if (before.equals(now)) return;
            var changes = new TreeMap<Integer, Integer>();
            now.forEach((seq, hops) -> {
                if (!hops.equals(before.get(seq))) changes.put(seq, hops);
            });
            before.keySet().forEach(seq -> {
                if (!now.containsKey(seq)) changes.put(seq, WireMessage.Claim.WITHDRAWN);
            });
            if (now.isEmpty()) ourClaims.remove(swarm);
            else ourClaims.put(swarm, now);
            for (RtcLink link : links.values()) {
                link.session(swarm)
                        .filter(x -> x.isOpen() && x.ready().isDone())
                        .ifPresent(x -> x.sendClaims(changes));
            }
        });
    }

    private void onSignal(PeerId from, SignalMessage m) {
        RtcLink link = links.get(from);
        if (m instanceof SignalMessage.Candidate c) remoteCandidates.seen(c.sdp());
        else if (m instanceof SignalMessage.Offer o) remoteCandidates.seen(o.sdp());
        else if (m instanceof SignalMessage.Answer a) remoteCandidates.seen(a.sdp());
        if (m instanceof SignalMessage.Offer offer) {
            if (banned.containsKey(from)) {
                signaling.send(from, new SignalMessage.Hangup("banned"));
                return;
            }
            if (link != null) {
                // Both sides dialled at once: the lower id keeps its offer, the other answers. The swarms we were
                // connecting for stay in `connecting` and are opened on the answered link once it has a channel.
                if (link.offerer() && self.compareTo(from) < 0) return;
                rerouting.add(from);
                try {
                    link.close(false);
                } finally {
                    rerouting.remove(from);
                }
            }
            if (links.size() >= config.maxConnections()) {
                signaling.send(from, new SignalMessage.Hangup("too many peers"));
                return;
            }
            track(RtcLink.answer(
                    rtc,
                    from,
                    offer.sdp(),
                    signaling,
                    io,
                    config,
                    (s, ch) -> newSession(from, s, ch),
                    provider::accepts,
                    this::forget,
                    connections));
        } else if (link != null) {
            link.onSignal(m);
        }
    }

    private void track(RtcLink link) {
        links.put(link.remote(), link);
        connectionCount = links.size();
    }

    private void forget(RtcLink link) {
        links.remove(link.remote(), link);
        connectionCount = links.size();
    }

    /** Closes the connection to {@code peer} and refuses it from now on (e.g. it sent bytes failing the hash). */
    public void ban(PeerId peer, ByeReason reason) {
        banned.put(peer, reason);
        post(() -> {
            RtcLink link = links.get(peer);
            if (link == null) return;
            for (PeerSession s : link.sessions()) s.shutdown(reason, true, true);
            link.close();
        });
    }

    public boolean isBanned(PeerId peer) {
        return banned.containsKey(peer);
    }

    public Set<PeerId> banned() {
        return Set.copyOf(banned.keySet());
    }

    /** A new upload cap for every peer; 0 = unlimited. */
    public void uploadCap(long bytesPerSec) {
        post(() -> upload.rate(bytesPerSec, nanos()));
    }

    public int connectionCount() {
        return connectionCount;
    }

    /** Ready sessions, as seen from the transport thread a moment ago. */
    public CompletableFuture<List<PeerSession>> sessions() {
        var out = new CompletableFuture<List<PeerSession>>();
        post(() -> out.complete(links.values().stream()
                .flatMap(l -> l.sessions().stream())
                .filter(s -> s.ready().isDone() && s.isOpen())
                .toList()));
        return out;
    }

    /** Closes every connection and frees native resources; bounded by {@code timeout}. */
    public void close(Duration timeout) {
        if (io.isShutdown()) return;
        var done = new CompletableFuture<Void>();
        post(() -> {
            for (RtcLink link : List.copyOf(links.values())) {
                for (PeerSession s : link.sessions()) s.shutdown(ByeReason.NORMAL, true, false);
                link.close(true);
            }
            done.complete(null);
        });
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        io.shutdown();
        try {
            io.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        io.shutdownNow();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private void post(Runnable r) {
        try {
            io.execute(r);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    /** Bans hostile peers, then passes events on. */
    private final class Forwarder implements SessionListener {
        @Override
        public void onReady(PeerSession session) {
            completeWaiters(session);
            listener.onReady(session);
        }

        @Override
        public void onHave(PeerSession session) {
            listener.onHave(session);
        }

        @Override
        public void onClosed(PeerSession session, ByeReason reason, boolean hostile) {
            if (session.ready().isCompletedExceptionally()
                    && !rerouting.contains(session.remote())
                    && !replaced(session)) {
                failWaiters(session, reason);
            }
            if (hostile) {
                banned.putIfAbsent(session.remote(), reason);
                // A hostile peer loses every swarm's channel: the whole connection goes.
                post(() -> {
                    RtcLink l = links.get(session.remote());
                    if (l != null) l.close();
                });
            }
            listener.onClosed(session, reason, hostile);
        }
    }
}
