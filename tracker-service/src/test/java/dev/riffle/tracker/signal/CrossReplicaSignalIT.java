package dev.riffle.tracker.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;
import dev.riffle.tracker.store.RedisSwarmStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two tracker relays (each with its own Redis connections, as two replicas would have) on the real Redis at
 * 127.0.0.1:6379 relay a full WebRTC handshake between a peer connected to one and a peer connected to the other.
 */
class CrossReplicaSignalIT {

    static final String URI = System.getProperty("riffle.test.redis", "redis://127.0.0.1:6379");
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SWARM = "t-7.r1080";
    static final String ALICE = PeerIds.of("alice", "0");
    static final String BOB = PeerIds.of("bob", "0");
    static final SignalRelay.Limits LIMITS =
            new SignalRelay.Limits(65536, Duration.ofSeconds(30), 5, Duration.ofSeconds(60), 50, 100);

    final List<AutoCloseable> closeMe = new ArrayList<>();
    String prefix;
    SignalRelay trackerA;
    SignalRelay trackerB;

    SignalRelay replica() {
        RedisSwarmStore store = new RedisSwarmStore(URI, prefix, Duration.ofSeconds(150), 100, Duration.ofMillis(250));
        RedisSignalBus bus = new RedisSignalBus(URI, prefix);
        SignalRelay relay = new SignalRelay(bus, store, InstantSource.system(), LIMITS, SignalRelay.Events.NONE);
        closeMe.add(store);
        closeMe.add(bus);
        closeMe.add(relay);
        return relay;
    }

    @BeforeEach
    void twoReplicas() {
        prefix = "riffle-test:" + UUID.randomUUID() + ":";
        trackerA = replica();
        trackerB = replica();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = closeMe.size() - 1; i >= 0; i--) {
            closeMe.get(i).close();
        }
        RedisClient admin = RedisClient.create(URI);
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            List<String> keys = c.sync().keys(prefix + "*");
            if (!keys.isEmpty()) {
                c.sync().del(keys.toArray(String[]::new));
            }
        } finally {
            admin.shutdown();
        }
    }

    static final class Conn {
        final List<String> received = new CopyOnWriteArrayList<>();
        SignalRelay.Session session;
        SignalRelay relay;

        void send(String json) {
            relay.onText(session, json).toCompletableFuture().join();
        }

        JsonNode await(Predicate<JsonNode> p) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < deadline) {
                for (String s : received) {
                    JsonNode n = JSON.readTree(s);
                    if (p.test(n)) {
                        return n;
                    }
                }
                Thread.sleep(10);
            }
            throw new AssertionError("nothing matching arrived; got " + received);
        }
    }

    Conn connect(SignalRelay relay, String peerId) {
        Conn c = new Conn();
        c.relay = relay;
        c.session = relay.open(peerId, c.received::add, (code, reason) -> {});
        return c;
    }

    void join(String peerId) {
        RedisSwarmStore store = new RedisSwarmStore(URI, prefix, Duration.ofSeconds(150), 100, Duration.ofMillis(250));
        try {
            long now = System.currentTimeMillis();
            store.join(
                            SWARM,
                            new PeerEntry(peerId, Locality.UNKNOWN, "10.0.0.0/24", 1, 0, 0, SegmentRanges.NONE, now),
                            true,
                            10,
                            now)
                    .toCompletableFuture()
                    .join();
        } finally {
            store.close();
        }
    }

    static String msg(String type, String to, String offerId, String body) {
        return "{\"type\":\"" + type + "\",\"swarm\":\"" + SWARM + "\",\"to\":\"" + to + "\",\"offerId\":\"" + offerId
                + "\"," + body + "}";
    }

    @Test
    void aHandshakeCrossesReplicasThroughRedis() throws Exception {
        join(ALICE);
        join(BOB);
        Conn alice = connect(trackerA, ALICE);
        Conn bob = connect(trackerB, BOB);

        alice.send(msg("offer", BOB, "o1", "\"sdp\":\"v=0 offer-from-alice\""));
        JsonNode offer = bob.await(n -> n.path("type").asText().equals("offer"));
        assertThat(offer.get("from").asText()).isEqualTo(ALICE);
        assertThat(offer.get("sdp").asText()).isEqualTo("v=0 offer-from-alice");

        alice.send(msg("ice", BOB, "o1", "\"candidate\":\"candidate:a\""));
        bob.await(n -> n.path("candidate").asText().equals("candidate:a"));

        bob.send(msg("answer", ALICE, "o1", "\"sdp\":\"v=0 answer-from-bob\""));
        JsonNode answer = alice.await(n -> n.path("type").asText().equals("answer"));
        assertThat(answer.get("from").asText()).isEqualTo(BOB);

        bob.send(msg("ice", ALICE, "o1", "\"candidate\":\"candidate:b\""));
        alice.await(n -> n.path("candidate").asText().equals("candidate:b"));
    }

    @Test
    void anAnswerForAnOfferNobodyForwardedStaysOnItsReplica() throws Exception {
        join(ALICE);
        join(BOB);
        Conn alice = connect(trackerA, ALICE);
        Conn bob = connect(trackerB, BOB);
        bob.send(msg("answer", ALICE, "forged", "\"sdp\":\"v=0\""));
        bob.await(n -> n.path("reason").asText().equals("no-such-offer"));
        // Replica B publishes in order on one channel: once a later message reached alice, the forged answer would
        // have reached her before it, had it been relayed.
        marker(bob, alice, "m1");
        assertThat(alice.received).hasSize(1);
    }

    /** Sends a fresh offer from {@code from} to {@code to} and waits until it has arrived. */
    void marker(Conn from, Conn to, String offerId) throws Exception {
        from.send(msg("offer", to.session.peerId(), offerId, "\"sdp\":\"v=0 marker\""));
        to.await(n -> n.path("offerId").asText().equals(offerId));
    }

    @Test
    void iceTrickledRightBehindAnOfferFollowsItAcrossReplicas() throws Exception {
        join(ALICE);
        join(BOB);
        Conn alice = connect(trackerA, ALICE);
        Conn bob = connect(trackerB, BOB);
        // no waiting between them: the offer's membership check is still on its way to Redis when the ICE arrives
        var offerDone = trackerA.onText(alice.session, msg("offer", BOB, "o2", "\"sdp\":\"v=0 fast\""));
        trackerA.onText(alice.session, msg("ice", BOB, "o2", "\"candidate\":\"candidate:fast\""));
        offerDone.toCompletableFuture().join();
        bob.await(n -> n.path("candidate").asText().equals("candidate:fast"));
        assertThat(bob.received).hasSize(2);
        assertThat(JSON.readTree(bob.received.get(0)).get("type").asText()).isEqualTo("offer");
        assertThat(alice.received).isEmpty();
    }

    @Test
    void aHangupCrossesReplicasAndBothForgetTheHandshake() throws Exception {
        join(ALICE);
        join(BOB);
        Conn alice = connect(trackerA, ALICE);
        Conn bob = connect(trackerB, BOB);
        alice.send(msg("offer", BOB, "o3", "\"sdp\":\"v=0\""));
        bob.await(n -> n.path("type").asText().equals("offer"));
        bob.send(msg("hangup", ALICE, "o3", "\"reason\":\"busy\""));
        JsonNode hangup = alice.await(n -> n.path("type").asText().equals("hangup"));
        assertThat(hangup.get("from").asText()).isEqualTo(BOB);
        assertThat(hangup.get("reason").asText()).isEqualTo("busy");
        bob.send(msg("answer", ALICE, "o3", "\"sdp\":\"v=0 late\""));
        bob.await(n -> n.path("reason").asText().equals("no-such-offer"));
        alice.send(msg("ice", BOB, "o3", "\"candidate\":\"candidate:late\""));
        alice.await(n -> n.path("reason").asText().equals("no-such-offer"));
        // what each sent after the late ones arrived, so the late ones would have arrived before it
        marker(bob, alice, "m2");
        marker(alice, bob, "m3");
        assertThat(alice.received).noneMatch(t -> t.contains("\"answer\""));
        assertThat(bob.received).noneMatch(t -> t.contains("candidate:late"));
    }
}
