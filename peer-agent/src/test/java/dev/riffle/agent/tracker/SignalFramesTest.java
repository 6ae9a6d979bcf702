package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.SignalMessage;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignalFramesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SwarmId SWARM = SwarmId.of("t-42", "720p");
    private static final PeerId BOB = new PeerId("QrStUvWxYz012345.0");

    @Test
    void anOfferCarriesTheSwarmTargetAndOfferIdTheRelayChecks() throws Exception {
        String frame = SignalFrames.encode(BOB, SWARM, "o-1", new SignalMessage.Offer("v=0", SWARM));
        var n = JSON.readTree(frame);
        assertThat(n.path("type").asText()).isEqualTo("offer");
        assertThat(n.path("swarm").asText()).isEqualTo(SWARM.hex());
        assertThat(n.path("to").asText()).isEqualTo(BOB.value());
        assertThat(n.path("offerId").asText()).isEqualTo("o-1");
        assertThat(n.path("sdp").asText()).isEqualTo("v=0");
        assertThat(n.has("from"))
                .as("the tracker names the sender, never the agent")
                .isFalse();
    }

    @Test
    void candidatesTravelAsIce() throws Exception {
        var n = JSON.readTree(
                SignalFrames.encode(BOB, SWARM, "o-1", new SignalMessage.Candidate("0", 0, "candidate:1 1 udp")));
        assertThat(n.path("type").asText()).isEqualTo("ice");
        assertThat(n.path("candidate").asText()).isEqualTo("candidate:1 1 udp");
        assertThat(n.path("sdpMid").asText()).isEqualTo("0");
        assertThat(n.path("sdpMLineIndex").asInt()).isZero();
    }

    @Test
    void aHangupNamesItsOfferAndCarriesAReasonTheTrackerAccepts() throws Exception {
        var n = JSON.readTree(SignalFrames.encode(BOB, SWARM, "o-1", new SignalMessage.Hangup("closed")));
        assertThat(n.path("type").asText()).isEqualTo("hangup");
        assertThat(n.path("swarm").asText()).isEqualTo(SWARM.hex());
        assertThat(n.path("to").asText()).isEqualTo(BOB.value());
        assertThat(n.path("offerId").asText()).isEqualTo("o-1");
        assertThat(n.path("reason").asText()).isEqualTo("closed");
        var longReason =
                JSON.readTree(SignalFrames.encode(BOB, SWARM, "o-1", new SignalMessage.Hangup("x".repeat(500))));
        assertThat(longReason.path("reason").asText()).hasSize(SignalFrames.MAX_REASON);
        String relayed = "{\"type\":\"hangup\",\"swarm\":\"" + SWARM.hex() + "\",\"from\":\"" + BOB.value()
                + "\",\"offerId\":\"o-7\",\"reason\":\"busy\"}";
        assertThat(SignalFrames.decode(relayed))
                .isEqualTo(new SignalFrames.Inbound.Relayed(BOB, SWARM, "o-7", new SignalMessage.Hangup("busy")));
        String noReason = "{\"type\":\"hangup\",\"swarm\":\"" + SWARM.hex() + "\",\"from\":\"" + BOB.value()
                + "\",\"offerId\":\"o-7\"}";
        assertThat(SignalFrames.decode(noReason))
                .isEqualTo(new SignalFrames.Inbound.Relayed(BOB, SWARM, "o-7", new SignalMessage.Hangup("")));
    }

    @Test
    void helloNamesThisAgent() {
        assertThat(SignalFrames.decode("{\"type\":\"hello\",\"peerId\":\"AbCdEfGhIjKlMnOp.tv\"}"))
                .isEqualTo(new SignalFrames.Inbound.Hello(new PeerId("AbCdEfGhIjKlMnOp.tv")));
    }

    @Test
    void relayedFramesKeepSenderSwarmAndOffer() {
        String offer = "{\"type\":\"offer\",\"swarm\":\"" + SWARM.hex() + "\",\"from\":\"" + BOB.value()
                + "\",\"to\":\"AbCdEfGhIjKlMnOp.0\",\"offerId\":\"o-7\",\"sdp\":\"v=0\"}";
        assertThat(SignalFrames.decode(offer))
                .isEqualTo(new SignalFrames.Inbound.Relayed(BOB, SWARM, "o-7", new SignalMessage.Offer("v=0", SWARM)));
        String ice = "{\"type\":\"ice\",\"swarm\":\"" + SWARM.hex() + "\",\"from\":\"" + BOB.value()
                + "\",\"offerId\":\"o-7\",\"candidate\":\"c\",\"sdpMid\":\"0\",\"sdpMLineIndex\":1}";
        assertThat(SignalFrames.decode(ice))
                .isEqualTo(
                        new SignalFrames.Inbound.Relayed(BOB, SWARM, "o-7", new SignalMessage.Candidate("0", 1, "c")));
    }

    @Test
    void refusalsCarryTheReasonAndOffer() {
        assertThat(SignalFrames.decode("{\"type\":\"error\",\"reason\":\"not-in-swarm\",\"offerId\":\"o-2\"}"))
                .isEqualTo(new SignalFrames.Inbound.Refused("not-in-swarm", "o-2"));
    }

    @Test
    void badFramesAreReportedNeverThrown() {
        for (String bad : new String[] {
            "",
            "[]",
            "null",
            "{",
            "{\"type\":3}",
            "{\"type\":\"bogus\"}",
            "{\"type\":\"hello\"}",
            "{\"type\":\"offer\",\"swarm\":\"zz\",\"from\":\"x\",\"offerId\":\"o\",\"sdp\":\"v\"}",
            "{\"type\":\"answer\",\"swarm\":\"" + SWARM.hex() + "\",\"from\":\"x\",\"offerId\":\"o\"}",
            "{\"type\":\"ice\",\"swarm\":\"" + SWARM.hex() + "\",\"offerId\":\"o\",\"candidate\":\"c\"}",
            "{\"type\":\"hangup\",\"swarm\":\"" + SWARM.hex() + "\",\"from\":\"x\"}",
            "x".repeat(SignalFrames.MAX_FRAME + 1)
        }) {
            assertThat(SignalFrames.decode(bad))
                    .as(bad.length() > 80 ? "huge" : bad)
                    .isInstanceOf(SignalFrames.Inbound.Bad.class);
        }
    }

    @Test
    void randomBytesNeverThrow() {
        var random = new SplittableRandom(Long.getLong("riffle.seed", 42));
        String valid = "{\"type\":\"ice\",\"swarm\":\"" + SWARM.hex()
                + "\",\"from\":\"a.b\",\"offerId\":\"o\",\"candidate\":\"c\",\"sdpMLineIndex\":1}";
        for (int i = 0; i < 5_000; i++) {
            char[] c = valid.toCharArray();
            for (int k = 0; k < 1 + random.nextInt(4); k++)
                c[random.nextInt(c.length)] = (char) random.nextInt(32, 127);
            String mutated = random.nextBoolean() ? new String(c) : new String(c, 0, random.nextInt(c.length));
            assertThat(SignalFrames.decode(mutated)).isNotNull();
        }
    }
}
