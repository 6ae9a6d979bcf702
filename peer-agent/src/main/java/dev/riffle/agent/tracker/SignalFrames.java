package dev.riffle.agent.tracker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.SignalMessage;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.Objects;

/**
 * The tracker's signalling frames (tracker-service {@code SignalCodec}), pure. What the agent sends names the target,
 * the swarm and the offer it belongs to; the tracker adds {@code from} when it relays:
 *
 * <pre>
 * → {"type":"offer", "swarm":"&lt;40 hex&gt;","to":"QrStUvWxYz012345.0","offerId":"o-1","sdp":"v=0..."}
 * → {"type":"answer","swarm":"&lt;40 hex&gt;","to":"AbCdEfGhIjKlMnOp.0","offerId":"o-1","sdp":"v=0..."}
 * → {"type":"ice",   "swarm":"&lt;40 hex&gt;","to":"...","offerId":"o-1","candidate":"candidate:1 ...","sdpMid":"0","sdpMLineIndex":0}
 * → {"type":"hangup","swarm":"&lt;40 hex&gt;","to":"...","offerId":"o-1","reason":"closed"}
 * ← the same plus "from"; {"type":"hello","peerId":"..."} once after the upgrade; {"type":"error","reason":"...","offerId":"o-1"}
 * </pre>
 *
 * A hangup drops the handshake named by its offer id, pending or answered (the tracker relays it while it remembers
 * the offer, 30 s); its reason is free text of at most {@link #MAX_REASON} characters.
 */
public final class SignalFrames {
    private SignalFrames() {}

    /** Largest frame read; the tracker's own cap is 64 KiB. */
    public static final int MAX_FRAME = 64 * 1024;

    /** The tracker refuses a longer hangup reason ({@code bad-reason}). */
    public static final int MAX_REASON = 128;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(4)
                    .maxStringLength(MAX_FRAME)
                    .build())
            .build());

    /** A frame from the tracker. */
    public sealed interface Inbound {
        /** The peer id this connection speaks as. */
        record Hello(PeerId peerId) implements Inbound {}

        /** A handshake message from another peer, with the swarm and offer it belongs to. */
        record Relayed(PeerId from, SwarmId swarm, String offerId, SignalMessage message) implements Inbound {
            public Relayed {
                Objects.requireNonNull(from);
                Objects.requireNonNull(swarm);
                Objects.requireNonNull(offerId);
                Objects.requireNonNull(message);
            }
        }

        /** The tracker refused something we sent; {@code offerId} may be null. */
        record Refused(String reason, String offerId) implements Inbound {}

        /** Anything else: undecodable, unknown type, missing fields. Ignored, never thrown. */
        record Bad(String reason) implements Inbound {}
    }

    /** The outgoing frame for {@code message}. */
    public static String encode(PeerId to, SwarmId swarm, String offerId, SignalMessage message) {
        ObjectNode o = JSON.createObjectNode();
        if (message instanceof SignalMessage.Offer offer) {
            o.put("type", "offer").put("sdp", offer.sdp());
        } else if (message instanceof SignalMessage.Answer answer) {
            o.put("type", "answer").put("sdp", answer.sdp());
        } else if (message instanceof SignalMessage.Candidate c) {
            o.put("type", "ice").put("candidate", c.sdp());
            if (c.sdpMid() != null) o.put("sdpMid", c.sdpMid());
            o.put("sdpMLineIndex", c.sdpMLineIndex());
        } else if (message instanceof SignalMessage.Hangup h) {
            o.put("type", "hangup");
            String reason = h.reason();
            if (reason != null)
                o.put("reason", reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
        } else {
            throw new IllegalArgumentException("unknown signal message: " + message);
        }
        o.put("swarm", swarm.hex()).put("to", to.value()).put("offerId", offerId);
        return o.toString();
    }

    public static Inbound decode(String text) {
        if (text == null || text.length() > MAX_FRAME) return new Inbound.Bad("too-large");
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            return new Inbound.Bad("malformed-json");
        }
        if (root == null || !root.isObject()) return new Inbound.Bad("malformed-json");
        String type = text(root, "type");
        if (type == null) return new Inbound.Bad("missing-type");
        switch (type) {
            case "hello" -> {
                String id = text(root, "peerId");
                return id == null || id.isBlank() ? new Inbound.Bad("bad-hello") : new Inbound.Hello(new PeerId(id));
            }
            case "error" -> {
                return new Inbound.Refused(String.valueOf(text(root, "reason")), text(root, "offerId"));
            }
            case "offer", "answer", "ice", "hangup" -> {
                return relayed(type, root);
            }
            default -> {
                return new Inbound.Bad("unknown-type");
            }
        }
    }

    private static Inbound relayed(String type, JsonNode root) {
        String from = text(root, "from");
        String offerId = text(root, "offerId");
        var swarm = SwarmId.parse(String.valueOf(text(root, "swarm")));
        if (from == null || from.isBlank() || offerId == null || swarm.isEmpty())
            return new Inbound.Bad("missing-field");
        SignalMessage m;
        if (type.equals("hangup")) {
            String reason = text(root, "reason");
            m = new SignalMessage.Hangup(reason == null ? "" : reason);
        } else if (type.equals("ice")) {
            String candidate = text(root, "candidate");
            JsonNode idx = root.get("sdpMLineIndex");
            if (candidate == null) return new Inbound.Bad("bad-candidate");
            m = new SignalMessage.Candidate(
                    text(root, "sdpMid"), idx != null && idx.canConvertToInt() ? idx.asInt() : 0, candidate);
        } else {
            String sdp = text(root, "sdp");
            if (sdp == null || sdp.isEmpty()) return new Inbound.Bad("bad-sdp");
            m = type.equals("offer") ? new SignalMessage.Offer(sdp, swarm.get()) : new SignalMessage.Answer(sdp);
        }
        return new Inbound.Relayed(new PeerId(from), swarm.get(), offerId, m);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }
}
