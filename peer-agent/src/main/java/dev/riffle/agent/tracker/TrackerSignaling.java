package dev.riffle.agent.tracker;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.SignalMessage;
import dev.riffle.agent.transport.Signaling;
import dev.riffle.protocol.swarm.SwarmId;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * {@link Signaling} over the tracker's {@code WS /v1/signal?device=...}. The tracker, not the agent, names the peer: it
 * sends {@code hello} with {@code <session tag>.<device>} after the upgrade, so {@link #connect} completes only then and
 * the {@code Transport} is built with {@link #peerId()}. A reconnect asks to keep that id ({@code &peerId=}); the
 * tracker grants it to the same account only.
 *
 * <p>The adapter's one piece of state: which swarm and offer id each remote's handshake belongs to. An outgoing offer
 * gets a fresh id; an answer and our candidates reuse the id of the offer they belong to (the relay forwards answers and
 * candidates only within an offer it relayed). Candidates gathered before their offer or answer went out wait for it.
 * A hangup goes out under the id of the handshake it ends (ours or the one we answered) and forgets it; one for a
 * handshake the adapter does not know is not sent (the tracker would refuse it). A relayed hangup reaches the
 * transport only when it names the current handshake with that peer, so a late hangup of an older offer cannot close
 * a newer connection. A refused offer comes back to the transport as a hangup so it gives up at once rather than at
 * the hello timeout.
 */
public final class TrackerSignaling implements Signaling, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerSignaling.class.getName());
    private static final int MAX_EARLY_CANDIDATES = 32;
    private static final Set<String> OFFER_REFUSALS =
            Set.of("not-in-swarm", "offer-limit", "duplicate-offer", "store-unavailable");

    /**
     * The tracker forgets an offer 30 s after it; a hangup after that is refused, and refusals count towards the 20
     * that close the socket, so hangups stop a little earlier (the connection's data channel closing says it then).
     */
    private static final long HANGUP_WITHIN_NANOS = TimeUnit.SECONDS.toNanos(25);

    /**
     * The swarm and offer a handshake with one remote belongs to; {@code ours} when we sent the offer; {@code atNanos}
     * when the offer went out or came in.
     */
    private record Handshake(SwarmId swarm, String offerId, boolean ours, long atNanos) {}

    private final Vertx vertx;
    private final Context context;
    private final WebSocketClient client;
    private final WebSocketConnectOptions options;
    private final Supplier<String> token;
    private final Object lock = new Object();
    private final Map<PeerId, Handshake> sent = new HashMap<>();
    private final Map<PeerId, Handshake> received = new HashMap<>();
    private final Map<PeerId, ArrayDeque<SignalMessage.Candidate>> early = new HashMap<>();
    private volatile BiConsumer<PeerId, SignalMessage> handler = (from, m) -> {};
    private volatile WebSocket socket;
    private volatile PeerId peerId;
    private final String uri;
    private volatile boolean closed;
    private long offers;
    private long backoffMs = 1_000;

    private TrackerSignaling(Vertx vertx, URI tracker, String device, Supplier<String> token, Duration timeout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.token = token;
        this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(SignalFrames.MAX_FRAME)
                .setConnectTimeout((int) timeout.toMillis()));
        boolean tls = "https".equals(tracker.getScheme());
        int port = tracker.getPort() > 0 ? tracker.getPort() : tls ? 443 : 80;
        String base = tracker.getRawPath() == null ? "" : tracker.getRawPath().replaceAll("/+$", "");
        this.uri = base + "/v1/signal?device=" + URLEncoder.encode(device, StandardCharsets.UTF_8);
        this.options = new WebSocketConnectOptions()
                .setHost(tracker.getHost())
                .setPort(port)
                .setSsl(tls)
                .setURI(uri)
                .setTimeout(timeout.toMillis());
    }

    /** Opens the socket; completes with the adapter once the tracker said which peer id it speaks as. */
    public static Future<TrackerSignaling> connect(
            Vertx vertx, URI tracker, String device, Supplier<String> token, Duration timeout) {
        var s = new TrackerSignaling(vertx, tracker, device, token, timeout);
        Promise<TrackerSignaling> hello = Promise.promise();
        // Opened on the adapter's own context. Opened from a thread outside Vert.x (the agent's start, a test), the
        // hello the tracker sends at once was sometimes read before the frame handler was set, and dropped: the agent
        // then failed to start after the timeout (a few connects in a hundred on a fresh Vert.x; TrackerSignalingIT).
        s.context.runOnContext(v -> s.open(hello));
        vertx.setTimer(timeout.toMillis(), t -> {
            if (hello.tryFail("no hello from the tracker within " + timeout.toMillis() + " ms")) s.close();
        });
        return hello.future();
    }

    /** The peer id the tracker assigned; the agent's id on every swarm. */
    public PeerId peerId() {
        return peerId;
    }

    public boolean isConnected() {
        return socket != null;
    }

    private void open(Promise<TrackerSignaling> hello) {
        if (closed) return;
        // The token is read per connection (it may have been refreshed) and only ever goes into this header.
        options.putHeader("Authorization", "Bearer " + token.get());
        // A reconnect keeps the session's id (the tracker names each new session afresh otherwise).
        PeerId named = peerId;
        if (named != null) options.setURI(uri + "&peerId=" + URLEncoder.encode(named.value(), StandardCharsets.UTF_8));
        client.connect(options).onComplete(r -> {
            if (r.failed()) {
                if (hello != null) hello.tryFail(r.cause());
                else reconnectLater();
                return;
            }
            WebSocket ws = r.result();
            if (closed) {
                ws.close();
                return;
            }
            ws.textMessageHandler(text -> onFrame(text, hello));
            ws.closeHandler(v -> {
                if (socket == ws) socket = null;
                if (hello != null) hello.tryFail("the tracker closed the signalling socket: " + ws.closeReason());
                else if (!closed) LOG.info("signalling socket closed (" + ws.closeStatusCode() + "); reconnecting");
                if (!closed && (hello == null || hello.future().succeeded())) reconnectLater();
            });
            ws.exceptionHandler(e -> LOG.fine(() -> "signalling socket: " + e.getMessage()));
            socket = ws;
        });
    }

    private void reconnectLater() {
        if (closed) return;
        long delay = backoffMs;
        backoffMs = Math.min(30_000, backoffMs * 2);
        vertx.setTimer(delay, t -> open(null));
    }

    private void onFrame(String text, Promise<TrackerSignaling> hello) {
        SignalFrames.Inbound in = SignalFrames.decode(text);
        if (in instanceof SignalFrames.Inbound.Hello h) {
            backoffMs = 1_000;
            if (peerId != null && !peerId.equals(h.peerId())) {
                LOG.warning("the tracker renamed this agent from " + peerId + " to " + h.peerId() + "; ignoring");
                return;
            }
            peerId = h.peerId();
            if (hello != null) hello.tryComplete(this);
        } else if (in instanceof SignalFrames.Inbound.Relayed r) {
            if (r.message() instanceof SignalMessage.Offer) {
                synchronized (lock) {
                    received.put(r.from(), new Handshake(r.swarm(), r.offerId(), false, System.nanoTime()));
                }
            } else if (r.message() instanceof SignalMessage.Hangup) {
                synchronized (lock) {
                    if (!current(r.from(), r.offerId())) {
                        LOG.fine(() -> "ignored a hangup of an old handshake with " + r.from());
                        return;
                    }
                    forget(r.from());
                }
            }
            handler.accept(r.from(), r.message());
        } else if (in instanceof SignalFrames.Inbound.Refused refused) {
            PeerId giveUp = null;
            synchronized (lock) {
                for (var e : sent.entrySet()) {
                    if (e.getValue().ours() && e.getValue().offerId().equals(refused.offerId())) giveUp = e.getKey();
                }
            }
            if (giveUp != null && OFFER_REFUSALS.contains(refused.reason())) {
                synchronized (lock) {
                    forget(giveUp); // the tracker dropped the offer: nothing to hang up later
                }
                handler.accept(giveUp, new SignalMessage.Hangup(refused.reason()));
            } else {
                LOG.fine(() -> "tracker refused a signalling message: " + refused.reason());
            }
        } else if (in instanceof SignalFrames.Inbound.Bad bad) {
            LOG.fine(() -> "ignored a signalling frame: " + bad.reason());
        }
    }

    /** Whether {@code offerId} names the handshake under way with {@code peer}; under the lock. */
    private boolean current(PeerId peer, String offerId) {
        Handshake s = sent.get(peer), r = received.get(peer);
        return (s != null && s.offerId().equals(offerId))
                || (r != null && r.offerId().equals(offerId));
    }

    private void forget(PeerId peer) {
        sent.remove(peer);
        received.remove(peer);
        early.remove(peer);
    }

    @Override
    public void send(PeerId to, SignalMessage message) {
        List<String> out = new ArrayList<>();
        synchronized (lock) {
            Handshake h;
            if (message instanceof SignalMessage.Offer offer) {
                h = new Handshake(offer.swarm(), "o-" + (++offers), true, System.nanoTime());
                sent.put(to, h);
            } else if (message instanceof SignalMessage.Answer) {
                h = received.get(to);
                if (h == null) return; // an answer to nothing the tracker relayed: it would refuse it
                sent.put(to, h);
            } else if (message instanceof SignalMessage.Candidate c) {
                h = sent.get(to);
                if (h == null) {
                    var q = early.computeIfAbsent(to, k -> new ArrayDeque<>());
                    if (q.size() < MAX_EARLY_CANDIDATES) q.add(c);
                    return;
                }
            } else {
                // Hangup: ends whichever handshake is under way with that peer, the one we answered included.
                h = sent.containsKey(to) ? sent.get(to) : received.get(to);
                forget(to);
                if (h == null || System.nanoTime() - h.atNanos() > HANGUP_WITHIN_NANOS) return;
            }
            out.add(SignalFrames.encode(to, h.swarm(), h.offerId(), message));
            var q = message instanceof SignalMessage.Hangup ? null : early.remove(to);
            if (q != null) q.forEach(c -> out.add(SignalFrames.encode(to, h.swarm(), h.offerId(), c)));
            WebSocket ws = socket;
            if (ws == null) return; // best effort, as the interface says
            // send is called from libwebrtc's and the transport's threads: one context, posted under the lock, keeps
            // an offer ahead of its candidates.
            context.runOnContext(v -> out.forEach(ws::writeTextMessage));
        }
    }

    @Override
    public void receive(BiConsumer<PeerId, SignalMessage> handler) {
        this.handler = handler;
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) ws.close();
        client.close();
    }
}
