package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.SignalMessage;
import dev.riffle.protocol.swarm.SwarmId;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TrackerSignaling} against a stand-in for the tracker's socket on 127.0.0.1 (a Vert.x WebSocket server that
 * speaks its frames), for the rules the real relay enforces: offer ids, answers within an offer, held candidates.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TrackerSignalingIT {
    private static final SwarmId SWARM = SwarmId.of("t", "r");
    private static final PeerId BOB = new PeerId("QrStUvWxYz012345.0");

    private Vertx vertx;
    private HttpServer server;
    private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private volatile ServerWebSocket socket;
    private TrackerSignaling signaling;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = await(vertx.createHttpServer()
                .webSocketHandler(ws -> {
                    authorizations.add(ws.headers().get("Authorization"));
                    queries.add(ws.query());
                    if (!ws.path().equals("/v1/signal") || !ws.query().startsWith("device=tv")) {
                        ws.close((short) 1008, "bad-device");
                        return;
                    }
                    socket = ws;
                    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
                    ws.writeTextMessage("{\"type\":\"hello\",\"peerId\":\"AbCdEfGhIjKlMnOp.tv\"}");
                })
                .listen(0, "127.0.0.1"));
        signaling = await(TrackerSignaling.connect(
                vertx,
                URI.create("http://127.0.0.1:" + server.actualPort() + "/"),
                "tv",
                () -> "tok",
                Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() throws Exception {
        if (signaling != null) signaling.close();
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private JsonObject next() throws InterruptedException {
        JsonObject f = frames.poll(5, TimeUnit.SECONDS);
        assertThat(f).as("a frame").isNotNull();
        return f;
    }

    @Test
    void theTrackerNamesThePeerAndGetsTheTokenOnTheUpgrade() {
        assertThat(signaling.peerId()).isEqualTo(new PeerId("AbCdEfGhIjKlMnOp.tv"));
        assertThat(authorizations).containsExactly("Bearer tok");
    }

    @Test
    void aHelloSentAtOnceIsNeverLostWhenConnectingFromOutsideVertx() throws Exception {
        // The tracker writes its hello as soon as the socket is up. The first connect of a fresh Vert.x from this
        // (non-Vert.x) thread used to lose it a few times in a hundred once warmed up; 300 rounds caught it.
        for (int i = 0; i < 300; i++) {
            Vertx fresh = Vertx.vertx();
            try {
                HttpServer tracker = await(fresh.createHttpServer()
                        .webSocketHandler(
                                ws -> ws.writeTextMessage("{\"type\":\"hello\",\"peerId\":\"AbCdEfGhIjKlMnOp.tv\"}"))
                        .listen(0, "127.0.0.1"));
                TrackerSignaling s = await(TrackerSignaling.connect(
                        fresh,
                        URI.create("http://127.0.0.1:" + tracker.actualPort() + "/"),
                        "tv",
                        () -> "tok",
                        Duration.ofSeconds(2)));
                assertThat(s.peerId()).as("connect %d", i).isEqualTo(new PeerId("AbCdEfGhIjKlMnOp.tv"));
                s.close();
            } finally {
                await(fresh.close());
            }
        }
    }

    @Test
    void aReconnectAsksToKeepItsSessionsId() {
        assertThat(queries).containsExactly("device=tv");
        socket.close();
        org.awaitility.Awaitility.await("reconnected")
                .atMost(Duration.ofSeconds(10))
                .until(() -> queries.size() == 2);
        assertThat(queries.get(1)).isEqualTo("device=tv&peerId=AbCdEfGhIjKlMnOp.tv");
        assertThat(signaling.peerId()).isEqualTo(new PeerId("AbCdEfGhIjKlMnOp.tv"));
    }

    @Test
    void candidatesWaitForTheirOfferAndReuseItsId() throws Exception {
        signaling.send(BOB, new SignalMessage.Candidate("0", 0, "early"));
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        JsonObject offer = next();
        assertThat(offer.getString("type")).isEqualTo("offer");
        assertThat(offer.getString("swarm")).isEqualTo(SWARM.hex());
        assertThat(offer.getString("to")).isEqualTo(BOB.value());
        JsonObject ice = next();
        assertThat(ice.getString("type")).isEqualTo("ice");
        assertThat(ice.getString("candidate")).isEqualTo("early");
        assertThat(ice.getString("offerId")).isEqualTo(offer.getString("offerId"));
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        assertThat(next().getString("offerId")).as("a fresh id per offer").isNotEqualTo(offer.getString("offerId"));
    }

    @Test
    void anAnswerGoesOutUnderTheRelayedOffersIdAndOnlyForOne() throws Exception {
        var received = new LinkedBlockingQueue<SignalMessage>();
        signaling.receive((from, m) -> received.add(m));
        signaling.send(BOB, new SignalMessage.Answer("unasked"));
        socket.writeTextMessage(new JsonObject()
                .put("type", "offer")
                .put("swarm", SWARM.hex())
                .put("from", BOB.value())
                .put("to", "AbCdEfGhIjKlMnOp.tv")
                .put("offerId", "o-9")
                .put("sdp", "v=0")
                .encode());
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new SignalMessage.Offer("v=0", SWARM));
        signaling.send(BOB, new SignalMessage.Answer("v=1"));
        signaling.send(BOB, new SignalMessage.Candidate("0", 0, "c"));
        JsonObject answer = next();
        assertThat(answer.getString("type"))
                .as("the unasked answer was never sent")
                .isEqualTo("answer");
        assertThat(answer.getString("offerId")).isEqualTo("o-9");
        assertThat(next().getString("offerId")).isEqualTo("o-9");
    }

    @Test
    void aRefusedOfferComesBackAsAHangup() throws Exception {
        var received = new LinkedBlockingQueue<SignalMessage>();
        signaling.receive((from, m) -> {
            if (from.equals(BOB)) received.add(m);
        });
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        String offerId = next().getString("offerId");
        socket.writeTextMessage("{\"type\":\"error\",\"reason\":\"not-in-swarm\",\"offerId\":\"" + offerId + "\"}");
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new SignalMessage.Hangup("not-in-swarm"));
    }

    @Test
    void aHangupGoesOutUnderTheOfferItEndsAndOnlyOnce() throws Exception {
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        String offerId = next().getString("offerId");
        signaling.send(BOB, new SignalMessage.Hangup("gave-up"));
        signaling.send(BOB, new SignalMessage.Hangup("closed"));
        JsonObject hangup = next();
        assertThat(hangup.getString("type")).isEqualTo("hangup");
        assertThat(hangup.getString("offerId")).isEqualTo(offerId);
        assertThat(hangup.getString("swarm")).isEqualTo(SWARM.hex());
        assertThat(hangup.getString("to")).isEqualTo(BOB.value());
        assertThat(hangup.getString("reason")).isEqualTo("gave-up");
        // The second hangup named a handshake already ended: the next frame is the next offer.
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        assertThat(next().getString("type")).isEqualTo("offer");
    }

    @Test
    void anAnswerersHangupUsesTheRelayedOffersId() throws Exception {
        var received = new LinkedBlockingQueue<SignalMessage>();
        signaling.receive((from, m) -> received.add(m));
        // Bob offers twice (he gave up on the first): the hangup ends the one under way.
        socket.writeTextMessage(offerFromBob("o-5"));
        socket.writeTextMessage(offerFromBob("o-6"));
        assertThat(received.poll(5, TimeUnit.SECONDS)).isInstanceOf(SignalMessage.Offer.class);
        assertThat(received.poll(5, TimeUnit.SECONDS)).isInstanceOf(SignalMessage.Offer.class);
        signaling.send(BOB, new SignalMessage.Hangup("too many peers"));
        JsonObject hangup = next();
        assertThat(hangup.getString("type")).isEqualTo("hangup");
        assertThat(hangup.getString("offerId")).isEqualTo("o-6");
    }

    @Test
    void aRelayedHangupReachesTheTransportOnlyForTheHandshakeUnderWay() throws Exception {
        var received = new LinkedBlockingQueue<SignalMessage>();
        signaling.receive((from, m) -> {
            if (from.equals(BOB)) received.add(m);
        });
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        String offerId = next().getString("offerId");
        socket.writeTextMessage(hangupFromBob("o-old", "stale"));
        socket.writeTextMessage(hangupFromBob(offerId, "enough-peers"));
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new SignalMessage.Hangup("enough-peers"));
        // Handled once: the handshake is forgotten, so a repeat is ignored and our own close sends nothing.
        socket.writeTextMessage(hangupFromBob(offerId, "again"));
        socket.writeTextMessage(new JsonObject()
                .put("type", "ice")
                .put("swarm", SWARM.hex())
                .put("from", BOB.value())
                .put("offerId", offerId)
                .put("candidate", "marker")
                .encode());
        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo(new SignalMessage.Candidate(null, 0, "marker"));
        signaling.send(BOB, new SignalMessage.Hangup("closed"));
        signaling.send(BOB, new SignalMessage.Offer("v=0", SWARM));
        assertThat(next().getString("type")).isEqualTo("offer");
    }

    private static String offerFromBob(String offerId) {
        return new JsonObject()
                .put("type", "offer")
                .put("swarm", SWARM.hex())
                .put("from", BOB.value())
                .put("to", "AbCdEfGhIjKlMnOp.tv")
                .put("offerId", offerId)
                .put("sdp", "v=0")
                .encode();
    }

    private static String hangupFromBob(String offerId, String reason) {
        return new JsonObject()
                .put("type", "hangup")
                .put("swarm", SWARM.hex())
                .put("from", BOB.value())
                .put("to", "AbCdEfGhIjKlMnOp.tv")
                .put("offerId", offerId)
                .put("reason", reason)
                .encode();
    }
}
