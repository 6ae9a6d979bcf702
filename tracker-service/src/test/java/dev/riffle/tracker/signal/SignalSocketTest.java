package dev.riffle.tracker.signal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.tracker.TestTokens;
import dev.riffle.tracker.admission.PeerIds;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The signalling socket end to end: token on the upgrade, relayed handshake, abuse closes. */
@QuarkusTest
class SignalSocketTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/v1/signal")
    URI http;

    static final class Client implements WebSocket.Listener {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String closeReason;
        final StringBuilder partial = new StringBuilder();
        WebSocket ws;
        volatile String peerId;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
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

    Client connect(String subject) {
        return connect(subject, "");
    }

    Client connect(String subject, String query) {
        Client c = new Client();
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws") + query);
        c.ws = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + TestTokens.subscriber(subject))
                .buildAsync(ws, c)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return c;
    }

    /** Connects as an agent does: the tracker names the session in its hello, and that id announces. */
    Client joined(String subject, String swarm) throws Exception {
        Client c = connect(subject);
        c.peerId = c.await(n -> n.path("type").asText().equals("hello"))
                .path("peerId")
                .asText();
        assertThat(PeerIds.belongsTo(c.peerId, subject)).isTrue();
        announce(subject, swarm, c.peerId);
        return c;
    }

    static void announce(String subject, String swarm, String peerId) {
        given().auth()
                .oauth2(TestTokens.subscriber(subject))
                .contentType("application/json")
                .body("{\"event\":\"started\",\"peerId\":\"" + peerId
                        + "\",\"uploadCapacity\":1000,\"swarms\":[{\"id\":\"" + swarm + "\"}]}")
                .post("/v1/announce")
                .then()
                .statusCode(200);
    }

    @Test
    void twoSubscribersHandshakeThroughTheTracker() throws Exception {
        String swarm = "t-ws.r360";
        Client alice = joined("ws-alice", swarm);
        Client bob = joined("ws-bob", swarm);
        // each connection is named afresh: a later session of the same account gets another id
        Client aliceAgain = connect("ws-alice");
        String again = aliceAgain
                .await(n -> n.path("type").asText().equals("hello"))
                .path("peerId")
                .asText();
        assertThat(again).isNotEqualTo(alice.peerId);
        assertThat(PeerIds.belongsTo(again, "ws-alice")).isTrue();
        aliceAgain.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        // a reconnect may keep its session's id, but only the same account can name it
        Client resumed = connect("ws-alice", "?device=0&peerId=" + again);
        assertThat(resumed.await(n -> n.path("type").asText().equals("hello"))
                        .path("peerId")
                        .asText())
                .isEqualTo(again);
        resumed.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        Client thief = connect("ws-mallory", "?device=0&peerId=" + again);
        String thiefId = thief.await(n -> n.path("type").asText().equals("hello"))
                .path("peerId")
                .asText();
        assertThat(thiefId).isNotEqualTo(again);
        assertThat(PeerIds.belongsTo(thiefId, "ws-mallory")).isTrue();
        thief.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
        alice.ws
                .sendText(
                        "{\"type\":\"offer\",\"swarm\":\"" + swarm + "\",\"to\":\"" + bob.peerId
                                + "\",\"offerId\":\"o1\",\"sdp\":\"v=0\"}",
                        true)
                .join();
        JsonNode offer = bob.await(n -> n.path("type").asText().equals("offer"));
        assertThat(offer.get("from").asText()).isEqualTo(alice.peerId);
        bob.ws
                .sendText(
                        "{\"type\":\"answer\",\"swarm\":\"" + swarm + "\",\"to\":\"" + alice.peerId
                                + "\",\"offerId\":\"o1\",\"sdp\":\"v=0 answer\"}",
                        true)
                .join();
        alice.await(n -> n.path("type").asText().equals("answer")
                && n.path("sdp").asText().equals("v=0 answer"));
        alice.ws.abort();
        bob.ws.abort();
    }

    @Test
    void theUpgradeNeedsAToken() {
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        assertThat(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(ws, new Client()))
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableOfType(java.util.concurrent.ExecutionException.class);
    }

    /**
     * Whatever the size and framing of an oversized message, the server closes with 1009 (a close
     * frame, not a dropped connection, which the client would see as 1006).
     */
    @Test
    void anOversizedMessageClosesWith1009() throws Exception {
        for (int size : new int[] {65_600, 70_000, 1_000_000}) {
            assertThat(closeAfterSending(size, false))
                    .as("one frame of %d", size)
                    .isEqualTo(1009);
        }
        assertThat(closeAfterSending(80_000, true)).as("80000 in fragments").isEqualTo(1009);
    }

    private int closeAfterSending(int size, boolean fragmented) throws Exception {
        Client c = connect("ws-big-" + size);
        c.await(n -> n.path("type").asText().equals("hello"));
        try {
            if (fragmented) {
                for (int sent = 0; sent < size; sent += 20_000) {
                    c.ws.sendText("x".repeat(Math.min(20_000, size - sent)), sent + 20_000 >= size)
                            .get(5, TimeUnit.SECONDS);
                }
            } else {
                c.ws.sendText("x".repeat(size), true).get(5, TimeUnit.SECONDS);
            }
        } catch (java.util.concurrent.ExecutionException | CompletionException e) {
            // the server may already be closing
        }
        int code = c.closed.get(10, TimeUnit.SECONDS);
        c.ws.abort();
        return code;
    }

    /** Sends until the server closes (or {@code max} messages); the socket may refuse sends once closing. */
    static void sendUntilClosed(Client c, String text, int max) {
        for (int i = 0; i < max && !c.closed.isDone(); i++) {
            try {
                c.ws.sendText(text, true).join();
            } catch (CompletionException e) {
                return;
            }
        }
    }

    @Test
    void aClientFloodingValidMessagesIsClosedWithPolicyViolation() throws Exception {
        String swarm = "ws-flood-" + System.nanoTime();
        Client flooder = joined("ws-flooder", swarm);
        Client victim = joined("ws-victim", swarm);
        String to = victim.peerId;
        flooder.ws
                .sendText(
                        "{\"type\":\"offer\",\"swarm\":\"" + swarm + "\",\"to\":\"" + to
                                + "\",\"offerId\":\"f1\",\"sdp\":\"v=0\"}",
                        true)
                .join();
        victim.await(n -> n.path("type").asText().equals("offer"));
        // every one of these is relayed (never refused), so only the message rate can close the connection
        String ice = "{\"type\":\"ice\",\"swarm\":\"" + swarm + "\",\"to\":\"" + to
                + "\",\"offerId\":\"f1\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\"}";
        sendUntilClosed(flooder, ice, 1000);
        assertThat(flooder.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(flooder.closeReason).isEqualTo("flooding");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (victim.received.size() < 150 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(victim.received.size()).isBetween(150, 600); // the burst got through, the flood (1000) did not
        victim.ws.abort();
    }

    @Test
    void aClientSendingGarbageIsClosedAfterTwentyRefusals() throws Exception {
        Client c = connect("ws-garbage");
        c.await(n -> n.path("type").asText().equals("hello"));
        sendUntilClosed(c, "{\"type\":\"nonsense\"}", 100);
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
        assertThat(c.closeReason).isEqualTo("too-many-errors");
        assertThat(c.received.stream().filter(t -> t.contains("\"error\"")).count())
                .isBetween(20L, 21L);
    }
}
