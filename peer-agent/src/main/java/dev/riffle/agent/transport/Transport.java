package dev.riffle.agent.transport;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private final TransportConfig config;
    private final SessionListener listener;
    private final InstantSource clock;
    private final ScheduledExecutorService io;
    private final TokenBucket upload;
    /** Transport thread only. */
    private final Map<PeerId, RtcLink> links = new HashMap<>();

    private final Map<PeerId, ByeReason> banned = new ConcurrentHashMap<>();
    private volatile int connectionCount;

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

    /** Connects to {@code remote} for {@code swarm}; completes when both HELLOs are exchanged. */
    public CompletableFuture<PeerSession> connect(PeerId remote, SwarmId swarm) {
        var result = new CompletableFuture<PeerSession>();
        post(() -> {
            if (banned.containsKey(remote)) {
                result.completeExceptionally(new IllegalStateException("peer is banned"));
                return;
            }
            RtcLink existing = links.get(remote);
            if (existing != null && !existing.isClosed() && existing.session().isPresent()) {
                // Another swarm with a peer we are connected to: a further data channel on the same connection.
                existing.open(swarm)
                        .ifPresentOrElse(
                                s -> s.ready().whenComplete((ok, e) -> complete(result, ok, e)),
                                () -> result.completeExceptionally(new IllegalStateException("link refused")));
                return;
            }
            if (links.size() >= config.maxConnections()) {
                result.completeExceptionally(new IllegalStateException("connection cap reached"));
                return;
            }
            RtcLink link = RtcLink.offer(
                    rtc,
                    remote,
                    swarm,
                    signaling,
                    io,
                    config,
                    (s, ch) -> newSession(remote, s, ch),
                    provider::accepts,
                    this::forget);
            track(link);
            link.session()
                    .ifPresentOrElse(
                            s -> s.ready().whenComplete((ok, e) -> complete(result, ok, e)),
                            () -> result.completeExceptionally(new IllegalStateException("link refused")));
        });
        io.schedule(
                () -> {
                    if (result.completeExceptionally(new TimeoutException("no session within the hello timeout"))) {
                        post(() -> {
                            RtcLink l = links.get(remote);
                            if (l == null) return;
                            if (l.session(swarm).map(s -> !s.ready().isDone()).orElse(true)) {
                                if (l.sessions().size() > 1) l.closeChannel(swarm);
                                else l.close();
                            }
                        });
                    }
                },
                config.helloTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        return result;
    }

    private static void complete(CompletableFuture<PeerSession> f, PeerSession s, Throwable e) {
        if (e != null) f.completeExceptionally(e);
        else f.complete(s);
    }

    private PeerSession newSession(PeerId remote, SwarmId swarm, FrameChannel channel) {
        return new PeerSession(
                self, remote, swarm, channel, provider, upload, io, this::nanos, config, new Forwarder());
    }

    private void onSignal(PeerId from, SignalMessage m) {
        RtcLink link = links.get(from);
        if (m instanceof SignalMessage.Offer offer) {
            if (banned.containsKey(from)) {
                signaling.send(from, new SignalMessage.Hangup("banned"));
                return;
            }
            if (link != null) {
                // Both sides dialled at once: the lower id keeps its offer, the other answers.
                if (link.offerer() && self.compareTo(from) < 0) return;
                link.close(false);
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
                    this::forget));
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
            listener.onReady(session);
        }

        @Override
        public void onHave(PeerSession session) {
            listener.onHave(session);
        }

        @Override
        public void onClosed(PeerSession session, ByeReason reason, boolean hostile) {
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
