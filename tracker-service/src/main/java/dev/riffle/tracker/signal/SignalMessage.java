package dev.riffle.tracker.signal;

import java.util.Objects;

/**
 * What an agent sends on the signalling socket. The sender is never in the message: the tracker knows it from the
 * token the connection was opened with, and adds it as {@code from} when it relays.
 *
 * <pre>
 * {"type":"offer", "swarm":"t-42.r720","to":"QrStUvWxYz012345.0","offerId":"o-1","sdp":"v=0..."}
 * {"type":"answer","swarm":"t-42.r720","to":"AbCdEfGhIjKlMnOp.0","offerId":"o-1","sdp":"v=0..."}
 * {"type":"ice",   "swarm":"t-42.r720","to":"QrStUvWxYz012345.0","offerId":"o-1",
 *  "candidate":"candidate:1 1 udp ...","sdpMid":"0","sdpMLineIndex":0}
 * {"type":"hangup","swarm":"t-42.r720","to":"QrStUvWxYz012345.0","offerId":"o-1","reason":"closed"}
 * </pre>
 */
public sealed interface SignalMessage {

    String swarm();

    String to();

    String offerId();

    /** Wire name of the type. */
    String type();

    record Offer(String swarm, String to, String offerId, String sdp) implements SignalMessage {
        public Offer {
            Objects.requireNonNull(sdp);
        }

        @Override
        public String type() {
            return "offer";
        }
    }

    record Answer(String swarm, String to, String offerId, String sdp) implements SignalMessage {
        public Answer {
            Objects.requireNonNull(sdp);
        }

        @Override
        public String type() {
            return "answer";
        }
    }

    record Ice(String swarm, String to, String offerId, String candidate, String sdpMid, Integer sdpMLineIndex)
            implements SignalMessage {
        public Ice {
            Objects.requireNonNull(candidate);
        }

        @Override
        public String type() {
            return "ice";
        }
    }

    /**
     * Either side of an offer tells the other to drop the handshake (pending or answered); {@code reason} is optional
     * free text for the other agent's logs.
     */
    record Hangup(String swarm, String to, String offerId, String reason) implements SignalMessage {
        @Override
        public String type() {
            return "hangup";
        }
    }
}
