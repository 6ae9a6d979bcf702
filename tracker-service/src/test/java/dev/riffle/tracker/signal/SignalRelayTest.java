package dev.riffle.tracker.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.tracker.MutableClock;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;
import dev.riffle.tracker.store.InMemorySwarmStore;
import dev.riffle.tracker.store.SwarmStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalRelayTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SWARM = "t-1.r720";
    static final String ALICE = PeerIds.of("alice", "0");
    static final String BOB = PeerIds.of("bob", "0");
    static final String CAROL = PeerIds.of("carol", "0");
    static final SignalRelay.Limits LIMITS =
            new SignalRelay.Limits(65536, Duration.ofSeconds(30), 5, Duration.ofSeconds(60), 50, 100);

    MutableClock clock = new MutableClock(1_763_780_000_000L);
    SwarmStore store = new InMemorySwarmStore(Duration.ofSeconds(150), 100, new Random(1));
    SignalRelay relay;

    /** A fake connection: what it was sent and how it was closed. */
    static final class Conn {
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile Integer closeCode;
        volatile String closeReason;
        SignalRelay.Session session;

        JsonNode last() throws Exception {
            return JSON.readTree(received.get(received.size() - 1));
        }
    }

    Conn connect(String peerId) {
        Conn c = new Conn();
        c.session = relay.open(peerId, c.received::add, (code, reason) -> {
            c.closeCode = code;
            c.closeReason = reason;
        });
        return c;
    }

    void member(String peerId) {
        store.join(
                        SWARM,
                        new PeerEntry(
                                peerId, Locality.UNKNOWN, "10.0.0.0/24", 1, 0, 0, SegmentRanges.NONE, clock.millis()),
                        true,
                        10,
                        clock.millis())
                .toCompletableFuture()
                .join();
    }

    void send(Conn c, String json) {
        relay.onText(c.session, json).toCompletableFuture().join();
    }

    static String offer(String to, String offerId) {
        return "{\"type\":\"offer\",\"swarm\":\"" + SWARM + "\",\"to\":\"" + to + "\",\"offerId\":\"" + offerId
                + "\",\"sdp\":\"v=0 offer\"}";
    }

    static String answer(String to, String offerId) {
        return "{\"type\":\"answer\",\"swarm\":\"" + SWARM + "\",\"to\":\"" + to + "\",\"offerId\":\"" + offerId
                + "\",\"sdp\":\"v=0 answer\"}";
    }

    static String ice(String to, String offerId) {
        return "{\"type\":\"ice\",\"swarm\":\"" + SWARM + "\",\"to\":\"" + to + "\",\"offerId\":\"" + offerId
                + "\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
    }

    @BeforeEach
    void setUp() {
        relay = new SignalRelay(new LocalSignalBus(), store, clock, LIMITS, SignalRelay.Events.NONE);
        member(ALICE);
        member(BOB);
    }

    @Test
    void aFullHandshakeIsRelayedWithTheTrackerAssertedSender() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        send(alice, offer(BOB, "o1").replace("\"sdp\"", "\"from\":\"" + CAROL + "\",\"sdp\""));
        assertThat(bob.last().get("type").asText()).isEqualTo("offer");
        assertThat(bob.last().get("from").asText()).isEqualTo(ALICE);
        send(alice, ice(BOB, "o1"));
        assertThat(bob.last().get("type").asText()).isEqualTo("ice");
        send(bob, answer(ALICE, "o1"));
        assertThat(alice.last().get("type").asText()).isEqualTo("answer");
        assertThat(alice.last().get("from").asText()).isEqualTo(BOB);
        send(bob, ice(ALICE, "o1"));
        assertThat(alice.last().get("candidate").asText()).startsWith("candidate:");
    }

    @Test
    void aMessageFromAPeerOnAnotherReplicaIsCountedAsDeliveredFromReplicaThereAndOnlyThere() throws Exception {
        // two replicas sharing one bus, as two trackers share a Redis channel
        LocalSignalBus bus = new LocalSignalBus();
        List<String> here = new CopyOnWriteArrayList<>();
        List<String> there = new CopyOnWriteArrayList<>();
        SignalRelay one = new SignalRelay(bus, store, clock, LIMITS, events(here));
        SignalRelay two = new SignalRelay(bus, store, clock, LIMITS, events(there));
        relay = one;
        Conn alice = connect(ALICE);
        relay = two;
        Conn bob = connect(BOB);
        relay = one;
        send(alice, offer(BOB, "o1"));
        assertThat(bob.last().get("from").asText()).isEqualTo(ALICE);
        assertThat(here).containsExactly("offer:relayed");
        assertThat(there).containsExactly("offer:delivered-from-replica");

        // between two peers of one replica nothing is counted as crossing
        member(CAROL);
        Conn carolHere = connect(CAROL);
        send(alice, offer(CAROL, "o2"));
        assertThat(carolHere.last().get("from").asText()).isEqualTo(ALICE);
        assertThat(here).containsExactly("offer:relayed", "offer:relayed");
        assertThat(there).containsExactly("offer:delivered-from-replica");
        one.close();
        two.close();
    }

    private static SignalRelay.Events events(List<String> into) {
        return new SignalRelay.Events() {
            @Override
            public void message(String type, String outcome) {
                into.add(type + ":" + outcome);
            }

            @Override
            public void closed(String reason) {
                into.add("closed:" + reason);
            }
        };
    }

    @Test
    void anAnswerWithoutAnOfferIsNotRelayed() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        send(bob, answer(ALICE, "never-offered"));
        assertThat(alice.received).isEmpty();
        assertThat(bob.last().get("reason").asText()).isEqualTo("no-such-offer");
    }

    @Test
    void anAnswerAfterTheOfferExpiredIsNotRelayed() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        send(alice, offer(BOB, "o1"));
        clock.advance(Duration.ofSeconds(31));
        send(bob, answer(ALICE, "o1"));
        assertThat(alice.received).isEmpty();
        assertThat(bob.last().get("reason").asText()).isEqualTo("no-such-offer");
    }

    @Test
    void onlyTheOfferedPeerMayAnswerAndOnlyOnce() throws Exception {
        member(CAROL);
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        Conn carol = connect(CAROL);
        send(alice, offer(BOB, "o1"));
        send(carol, answer(ALICE, "o1"));
        assertThat(alice.received).isEmpty();
        send(bob, answer(ALICE, "o1"));
        send(bob, answer(ALICE, "o1"));
        assertThat(alice.received).hasSize(1);
        assertThat(bob.last().get("reason").asText()).isEqualTo("already-answered");
    }

    @Test
    void offersGoOnlyBetweenMembersOfTheSwarm() throws Exception {
        Conn alice = connect(ALICE);
        Conn carol = connect(CAROL);
        send(alice, offer(CAROL, "o1"));
        assertThat(carol.received).isEmpty();
        assertThat(alice.last().get("reason").asText()).isEqualTo("not-in-swarm");
        send(carol, offer(ALICE, "o2"));
        assertThat(alice.received).hasSize(1);
    }

    @Test
    void iceOutsideAnOfferIsNotRelayed() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        send(alice, ice(BOB, "o9"));
        assertThat(bob.received).isEmpty();
        assertThat(alice.last().get("reason").asText()).isEqualTo("no-such-offer");
    }

    @Test
    void offersPerAnnounceIntervalAreCapped() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        for (int i = 0; i < 8; i++) {
            send(alice, offer(BOB, "o" + i));
        }
        assertThat(bob.received).hasSize(5);
        assertThat(alice.last().get("reason").asText()).isEqualTo("offer-limit");
        clock.advance(Duration.ofSeconds(60));
        send(alice, offer(BOB, "later"));
        assertThat(bob.received).hasSize(6);
    }

    @Test
    void aFloodingConnectionIsClosed() {
        Conn alice = connect(ALICE);
        for (int i = 0; i < 150 && alice.closeCode == null; i++) {
            send(alice, "{\"type\":\"ice\"}");
        }
        assertThat(alice.closeCode).isEqualTo(SignalRelay.POLICY);
        assertThat(relay.connections()).isZero();
    }

    @Test
    void anOversizedMessageClosesTheConnection() {
        Conn alice = connect(ALICE);
        send(alice, "x".repeat(65537));
        assertThat(alice.closeCode).isEqualTo(SignalRelay.TOO_BIG);
    }

    @Test
    void aNewConnectionOfTheSamePeerReplacesTheOld() throws Exception {
        Conn first = connect(ALICE);
        Conn second = connect(ALICE);
        Conn bob = connect(BOB);
        assertThat(first.closeReason).isEqualTo("replaced");
        send(bob, offer(ALICE, "o1"));
        assertThat(first.received).isEmpty();
        assertThat(second.last().get("type").asText()).isEqualTo("offer");
    }

    @Test
    void aPeerCannotSignalItself() throws Exception {
        Conn alice = connect(ALICE);
        send(alice, offer(ALICE, "o1"));
        assertThat(alice.last().get("reason").asText()).isEqualTo("to-self");
    }

    static String hangup(String to, String offerId) {
        return "{\"type\":\"hangup\",\"swarm\":\"" + SWARM + "\",\"to\":\"" + to + "\",\"offerId\":\"" + offerId
                + "\",\"reason\":\"closed\"}";
    }

    static String type(String json) throws Exception {
        return JSON.readTree(json).get("type").asText();
    }

    @Test
    void theAnswererHangingUpIsRelayedAndEndsTheHandshakeOnBothSides() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        send(alice, offer(BOB, "o1"));
        send(bob, hangup(ALICE, "o1"));
        assertThat(alice.last().get("type").asText()).isEqualTo("hangup");
        assertThat(alice.last().get("from").asText()).isEqualTo(BOB);
        assertThat(alice.last().get("reason").asText()).isEqualTo("closed");
        send(bob, answer(ALICE, "o1"));
        assertThat(bob.last().get("reason").asText()).isEqualTo("no-such-offer");
        send(alice, ice(BOB, "o1"));
        assertThat(alice.last().get("reason").asText()).isEqualTo("no-such-offer");
        assertThat(alice.received).hasSize(2); // the hangup and the refusal
    }

    @Test
    void theOffererMayHangUpAnAnsweredHandshake() throws Exception {
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        send(alice, offer(BOB, "o1"));
        send(bob, answer(ALICE, "o1"));
        send(alice, hangup(BOB, "o1"));
        assertThat(bob.last().get("type").asText()).isEqualTo("hangup");
        assertThat(bob.last().get("from").asText()).isEqualTo(ALICE);
        send(bob, ice(ALICE, "o1"));
        assertThat(bob.last().get("reason").asText()).isEqualTo("no-such-offer");
        send(alice, hangup(BOB, "o1"));
        assertThat(alice.last().get("reason").asText()).isEqualTo("no-such-offer");
    }

    @Test
    void aHangupOutsideAnOfferIsNotRelayed() throws Exception {
        member(CAROL);
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        Conn carol = connect(CAROL);
        send(alice, offer(BOB, "o1"));
        send(carol, hangup(ALICE, "o1")); // carol was never part of o1
        send(carol, hangup(BOB, "o1"));
        assertThat(alice.received).isEmpty();
        assertThat(bob.received).extracting(SignalRelayTest::type).containsExactly("offer");
        assertThat(carol.last().get("reason").asText()).isEqualTo("no-such-offer");
        send(bob, answer(ALICE, "o1"));
        assertThat(alice.last().get("type").asText()).isEqualTo("answer");
    }

    @Test
    void twoOfferersMayUseTheSameOfferIdTowardsOnePeer() throws Exception {
        member(CAROL);
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        Conn carol = connect(CAROL);
        send(alice, offer(BOB, "same"));
        send(carol, offer(BOB, "same"));
        send(bob, answer(ALICE, "same"));
        send(bob, answer(CAROL, "same"));
        assertThat(alice.last().get("type").asText()).isEqualTo("answer");
        assertThat(carol.last().get("type").asText()).isEqualTo("answer");
    }

    /** The in-memory store, but membership checks answer only when the test says so (like a slow Redis). */
    static final class SlowMembership implements SwarmStore {
        final SwarmStore inner;
        final List<CompletableFuture<Boolean>> pending = new CopyOnWriteArrayList<>();
        volatile boolean answer = true;

        SlowMembership(SwarmStore inner) {
            this.inner = inner;
        }

        void answerAll() {
            pending.forEach(f -> f.complete(answer));
        }

        @Override
        public CompletionStage<java.util.Optional<SwarmView>> join(
                String swarm, PeerEntry peer, boolean create, int pool, long nowMillis) {
            return inner.join(swarm, peer, create, pool, nowMillis);
        }

        @Override
        public CompletionStage<Boolean> leave(String swarm, String peerId) {
            return inner.leave(swarm, peerId);
        }

        @Override
        public CompletionStage<Boolean> contains(String swarm, String peerId, long nowMillis) {
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public CompletionStage<Long> size(String swarm, long nowMillis) {
            return inner.size(swarm, nowMillis);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    @Test
    void iceAndHangupSentRightBehindAnOfferWaitForItsCheckAndFollowItInOrder() throws Exception {
        SlowMembership slow = new SlowMembership(store);
        relay = new SignalRelay(new LocalSignalBus(), slow, clock, LIMITS, SignalRelay.Events.NONE);
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        relay.onText(alice.session, offer(BOB, "o1"));
        send(alice, ice(BOB, "o1"));
        send(alice, ice(BOB, "o1").replace("candidate:1", "candidate:2"));
        send(alice, offer(BOB, "o1")); // a duplicate while the first is being checked
        assertThat(bob.received).isEmpty();
        assertThat(alice.received).extracting(SignalRelayTest::type).containsExactly("error");
        assertThat(alice.last().get("reason").asText()).isEqualTo("duplicate-offer");

        slow.answerAll();
        assertThat(bob.received).extracting(SignalRelayTest::type).containsExactly("offer", "ice", "ice");
        assertThat(JSON.readTree(bob.received.get(2)).get("candidate").asText()).startsWith("candidate:2");
        send(bob, answer(ALICE, "o1"));
        assertThat(alice.last().get("type").asText()).isEqualTo("answer");
    }

    @Test
    void whenAHeldOfferIsRefusedWhatWaitedBehindItIsRefusedToo() throws Exception {
        SlowMembership slow = new SlowMembership(store);
        slow.answer = false;
        relay = new SignalRelay(new LocalSignalBus(), slow, clock, LIMITS, SignalRelay.Events.NONE);
        Conn alice = connect(ALICE);
        Conn bob = connect(BOB);
        relay.onText(alice.session, offer(BOB, "o1"));
        send(alice, ice(BOB, "o1"));
        send(alice, hangup(BOB, "o1"));
        slow.answerAll();
        assertThat(bob.received).isEmpty();
        assertThat(alice.received)
                .extracting(j -> JSON.readTree(j).get("reason").asText())
                .containsExactly("not-in-swarm", "no-such-offer", "no-such-offer");
        send(alice, ice(BOB, "o1"));
        assertThat(alice.last().get("reason").asText()).isEqualTo("no-such-offer");
    }
}
