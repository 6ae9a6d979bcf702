package dev.riffle.tracker.signal;

import dev.riffle.tracker.store.SwarmStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Relays WebRTC signalling between peers of one swarm, across replicas through a {@link SignalBus}. Rules:
 *
 * <ul>
 *   <li>the sender is the connection's bound peer id, never a field of the message;
 *   <li>an offer is relayed only if sender and target are both live members of the named swarm, and a connection may
 *       send at most {@code offersPerInterval} offers per announce interval;
 *   <li>an answer is relayed only for an offer this tracker delivered to the answering peer, from the peer the answer
 *       goes to, that has not expired;
 *   <li>ICE candidates and hangups flow only within such an offer: the offerer's for an offer it sent (and this
 *       tracker relayed), the answerer's for an offer it received; a hangup makes both trackers forget the offer, so
 *       nothing more (answer, ICE, hangup) is relayed for it;
 *   <li>an offer is recorded before its swarm-membership check (which may take a Redis round trip), so the offerer's
 *       trickled ICE candidates and hangup sent right behind it are held back and relayed after the offer, in order,
 *       instead of being refused as {@code no-such-offer}; if the offer is refused, they are refused too;
 *   <li>a connection sending faster than its message rate, or too many bad messages, is closed.
 * </ul>
 *
 * Time is injected, so the rules are testable without waiting.
 */
public final class SignalRelay implements AutoCloseable {

    /** Knobs, taken from {@code riffle.tracker.signal.*} and the announce interval. */
    public record Limits(
            int maxMessageBytes,
            Duration offerTtl,
            int offersPerInterval,
            Duration announceInterval,
            int messagesPerSecond,
            int messageBurst) {}

    /**
     * How a relay tells the outside what happened; {@code outcome} is {@code relayed} (sent on the bus), {@code
     * delivered-from-replica} (a message from a peer on another replica handed to its target here) or a drop reason.
     */
    public interface Events {
        void message(String type, String outcome);

        void closed(String reason);

        Events NONE = new Events() {
            @Override
            public void message(String type, String outcome) {}

            @Override
            public void closed(String reason) {}
        };
    }

    /** Close codes: 1008 policy violation; 1009 too big. */
    public static final int POLICY = 1008;

    public static final int TOO_BIG = 1009;

    /** A peer's connection to this relay. */
    public final class Session {
        final String peerId;
        final Consumer<String> send;
        final CloseAction close;
        // outgoing: offerId -> state; incoming: "<from> <offerId>" -> state; bounded, oldest first
        final Map<String, Pending> outgoing = new LinkedHashMap<>();
        final Map<String, Pending> incoming = new LinkedHashMap<>();
        double messageTokens;
        double offerTokens;
        long stamp;
        int strikes;
        volatile boolean closed;

        Session(String peerId, Consumer<String> send, CloseAction close) {
            this.peerId = peerId;
            this.send = send;
            this.close = close;
            this.messageTokens = limits.messageBurst();
            this.offerTokens = limits.offersPerInterval();
            this.stamp = clock.millis();
        }

        public String peerId() {
            return peerId;
        }
    }

    /** Closes a connection with a code and reason. */
    public interface CloseAction {
        void close(int code, String reason);
    }

    /**
     * An offer this relay knows: sent by a session here ({@code outgoing}, keyed by offer id) or delivered to one
     * ({@code incoming}, keyed by sender and offer id). Mutable fields are guarded by the owning session's lock.
     */
    static final class Pending {
        final String otherPeer;
        final String swarm;
        final long expiresAt;
        boolean answered;
        /** Non-null while the offer's membership check runs: messages for it wait here, in arrival order. */
        List<SignalMessage> held;

        Pending(String otherPeer, String swarm, long expiresAt) {
            this.otherPeer = otherPeer;
            this.swarm = swarm;
            this.expiresAt = expiresAt;
        }

        boolean between(SignalMessage m) {
            return otherPeer.equals(m.to()) && swarm.equals(m.swarm());
        }
    }

    static String incomingKey(String from, String offerId) {
        return from + ' ' + offerId;
    }

    private static final int MAX_PENDING = 256;
    private static final int MAX_STRIKES = 20;

    private final SignalBus bus;
    private final SwarmStore store;
    private final InstantSource clock;
    private final Limits limits;
    private final Events events;
    private final SignalCodec codec;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public SignalRelay(SignalBus bus, SwarmStore store, InstantSource clock, Limits limits, Events events) {
        this.bus = bus;
        this.store = store;
        this.clock = clock;
        this.limits = limits;
        this.events = events;
        this.codec = new SignalCodec(limits.maxMessageBytes());
        bus.subscribe(this::deliver);
    }

    /** Registers a connection for {@code peerId}; an older connection of the same peer is closed. */
    public Session open(String peerId, Consumer<String> send, CloseAction close) {
        Session s = new Session(peerId, send, close);
        Session old = sessions.put(peerId, s);
        if (old != null) {
            closeSession(old, POLICY, "replaced");
        }
        return s;
    }

    public void closed(Session s) {
        s.closed = true;
        sessions.remove(s.peerId, s);
    }

    public int connections() {
        return sessions.size();
    }

    /** Handles one text frame from a connection. */
    public CompletionStage<Void> onText(Session s, String text) {
        if (s.closed) {
            return done();
        }
        if (text.length() > limits.maxMessageBytes()) {
            closeSession(s, TOO_BIG, "too-large");
            return done();
        }
        if (!takeMessageToken(s)) {
            closeSession(s, POLICY, "flooding");
            return done();
        }
        SignalCodec.Decoded decoded = codec.decode(text);
        if (decoded instanceof SignalCodec.Decoded.Bad bad) {
            return refuse(s, "invalid", bad.reason(), null);
        }
        SignalMessage m = ((SignalCodec.Decoded.Ok) decoded).message();
        if (m.to().equals(s.peerId)) {
            return refuse(s, m.type(), "to-self", m.offerId());
        }
        long now = clock.millis();
        if (m instanceof SignalMessage.Offer) {
            return offer(s, m, now);
        }
        if (m instanceof SignalMessage.Answer) {
            boolean already = false;
            Pending p;
            synchronized (s) {
                p = live(s.incoming, incomingKey(m.to(), m.offerId()), now);
                if (p != null && p.between(m)) {
                    already = p.answered;
                    p.answered = true;
                } else {
                    p = null;
                }
            }
            if (p == null) {
                return refuse(s, "answer", "no-such-offer", m.offerId());
            }
            if (already) {
                return refuse(s, "answer", "already-answered", m.offerId());
            }
            return relay(s, m);
        }
        // ICE and hangup: within an offer this relay saw, in either direction
        Pending p;
        synchronized (s) {
            Pending out = live(s.outgoing, m.offerId(), now);
            Pending in = live(s.incoming, incomingKey(m.to(), m.offerId()), now);
            p = out != null && out.between(m) ? out : in != null && in.between(m) ? in : null;
            if (p != null && p.held != null) {
                p.held.add(m); // the offer is still being checked: goes out right after it
                return done();
            }
        }
        if (p == null) {
            return refuse(s, m.type(), "no-such-offer", m.offerId());
        }
        return within(s, m, p);
    }

    /** Relays an ICE candidate or hangup for a known offer; a hangup also makes this side forget the offer. */
    private CompletionStage<Void> within(Session s, SignalMessage m, Pending p) {
        if (m instanceof SignalMessage.Hangup) {
            synchronized (s) {
                s.outgoing.remove(m.offerId(), p);
                s.incoming.remove(incomingKey(m.to(), m.offerId()), p);
            }
        }
        return relay(s, m);
    }

    private CompletionStage<Void> offer(Session s, SignalMessage m, long now) {
        Pending pending = new Pending(m.to(), m.swarm(), now + limits.offerTtl().toMillis());
        pending.held = new ArrayList<>();
        synchronized (s) {
            if (!takeOfferToken(s, now)) {
                return refuse(s, "offer", "offer-limit", m.offerId());
            }
            if (live(s.outgoing, m.offerId(), now) != null) {
                return refuse(s, "offer", "duplicate-offer", m.offerId());
            }
            put(s.outgoing, m.offerId(), pending); // before the check: see the class comment
        }
        CompletableFuture<Boolean> from =
                store.contains(m.swarm(), s.peerId, now).toCompletableFuture();
        CompletableFuture<Boolean> to = store.contains(m.swarm(), m.to(), now).toCompletableFuture();
        return from.thenCombine(to, (a, b) -> a && b).handle((members, err) -> {
            String refusal = err != null ? "store-unavailable" : !members ? "not-in-swarm" : null;
            if (refusal != null) {
                List<SignalMessage> held;
                synchronized (s) {
                    s.outgoing.remove(m.offerId(), pending);
                    held = pending.held;
                    pending.held = null;
                }
                refuse(s, "offer", refusal, m.offerId());
                for (SignalMessage h : held) {
                    refuse(s, h.type(), "no-such-offer", h.offerId());
                }
                return null;
            }
            relay(s, m);
            // Release what arrived meanwhile, in order; the hold ends only once it is empty, so a message that comes
            // in while earlier ones are being relayed still queues behind them.
            while (true) {
                List<SignalMessage> batch;
                synchronized (s) {
                    if (pending.held.isEmpty()) {
                        pending.held = null;
                        break;
                    }
                    batch = new ArrayList<>(pending.held);
                    pending.held.clear();
                }
                for (SignalMessage h : batch) {
                    within(s, h, pending);
                }
            }
            return null;
        });
    }

    private CompletionStage<Void> relay(Session s, SignalMessage m) {
        bus.publish(SignalCodec.encodeRelayed(m, s.peerId));
        events.message(m.type(), "relayed");
        return done();
    }

    /** A message from the bus: deliver it if its target is connected here. */
    private void deliver(String json) {
        SignalCodec.Relayed r = SignalCodec.decodeRelayed(json);
        if (r == null) {
            return;
        }
        Session target = sessions.get(r.message().to());
        if (target == null || target.closed) {
            return;
        }
        SignalMessage m = r.message();
        if (m instanceof SignalMessage.Offer) {
            synchronized (target) {
                put(
                        target.incoming,
                        incomingKey(r.from(), m.offerId()),
                        new Pending(
                                r.from(),
                                m.swarm(),
                                clock.millis() + limits.offerTtl().toMillis()));
            }
        } else if (m instanceof SignalMessage.Hangup) {
            // the other side dropped the handshake: forget it here too, whichever side the target was on
            synchronized (target) {
                Pending in = target.incoming.get(incomingKey(r.from(), m.offerId()));
                if (in != null && in.swarm.equals(m.swarm())) {
                    target.incoming.remove(incomingKey(r.from(), m.offerId()));
                }
                Pending out = target.outgoing.get(m.offerId());
                if (out != null && out.otherPeer.equals(r.from()) && out.swarm.equals(m.swarm())) {
                    target.outgoing.remove(m.offerId());
                }
            }
        }
        target.send.accept(r.text());
        // The sender is connected to another replica: counted apart so operators (and the failover test) see
        // signalling cross replicas through the bus.
        if (!sessions.containsKey(r.from())) events.message(m.type(), "delivered-from-replica");
    }

    private CompletionStage<Void> refuse(Session s, String type, String reason, String offerId) {
        events.message(type, reason);
        s.send.accept(SignalCodec.error(reason, offerId));
        boolean tooMany;
        synchronized (s) {
            tooMany = ++s.strikes > MAX_STRIKES;
        }
        if (tooMany) {
            closeSession(s, POLICY, "too-many-errors");
        }
        return done();
    }

    private void closeSession(Session s, int code, String reason) {
        if (!s.closed) {
            s.closed = true;
            sessions.remove(s.peerId, s);
            events.closed(reason);
            s.close.close(code, reason);
        }
    }

    private boolean takeMessageToken(Session s) {
        synchronized (s) {
            long now = clock.millis();
            double elapsed = Math.max(0, now - s.stamp) / 1000.0;
            s.stamp = now;
            s.messageTokens = Math.min(limits.messageBurst(), s.messageTokens + elapsed * limits.messagesPerSecond());
            s.offerTokens = Math.min(
                    limits.offersPerInterval(),
                    s.offerTokens
                            + elapsed
                                    * limits.offersPerInterval()
                                    / Math.max(1, limits.announceInterval().toSeconds()));
            if (s.messageTokens < 1) {
                return false;
            }
            s.messageTokens -= 1;
            return true;
        }
    }

    private static boolean takeOfferToken(Session s, long now) {
        if (s.offerTokens < 1) {
            return false;
        }
        s.offerTokens -= 1;
        return true;
    }

    private static Pending live(Map<String, Pending> map, String offerId, long now) {
        Pending p = map.get(offerId);
        if (p != null && p.expiresAt < now) {
            map.remove(offerId);
            return null;
        }
        return p;
    }

    private static void put(Map<String, Pending> map, String offerId, Pending p) {
        map.remove(offerId);
        map.put(offerId, p);
        Iterator<Map.Entry<String, Pending>> it = map.entrySet().iterator();
        while (map.size() > MAX_PENDING && it.hasNext()) {
            it.next();
            it.remove();
        }
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        sessions.values().forEach(s -> closeSession(s, 1001, "shutting-down"));
    }
}
