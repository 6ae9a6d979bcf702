package dev.riffle.agent.transport;

import dev.riffle.protocol.swarm.SwarmId;
import java.util.Objects;

/** WebRTC handshake messages carried by the tracker's relay (or in-process in tests). */
public sealed interface SignalMessage {

    /**
     * SDP offer for {@code swarm}; the data channel in it is labelled with the swarm id in hex. The swarm travels beside
     * the SDP because the tracker's relay checks that both ends are members of it before forwarding.
     */
    record Offer(String sdp, SwarmId swarm) implements SignalMessage {
        public Offer {
            Objects.requireNonNull(sdp, "sdp");
            Objects.requireNonNull(swarm, "swarm");
        }
    }

    record Answer(String sdp) implements SignalMessage {
        public Answer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    record Candidate(String sdpMid, int sdpMLineIndex, String sdp) implements SignalMessage {
        public Candidate {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** The sender gave up on the connection (refused, capped, or closing). */
    record Hangup(String reason) implements SignalMessage {}
}
