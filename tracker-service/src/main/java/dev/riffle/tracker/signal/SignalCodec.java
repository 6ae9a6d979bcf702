package dev.riffle.tracker.signal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.announce.AnnounceParser;
import java.util.regex.Pattern;

/**
 * Reads {@link SignalMessage}s from agents and writes relayed ones (the same JSON plus {@code from}). Decoding never
 * throws: bad input is a {@link Decoded.Bad} with a stable reason.
 */
public final class SignalCodec {

    /** Result of decoding one text frame. */
    public sealed interface Decoded {
        record Ok(SignalMessage message) implements Decoded {}

        record Bad(String reason) implements Decoded {}
    }

    private static final Pattern OFFER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int MAX_SDP = 60 * 1024;
    private static final int MAX_CANDIDATE = 1024;
    private static final int MAX_HANGUP_REASON = 128;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(4)
                    .maxStringLength(MAX_SDP)
                    .maxNumberLength(12)
                    .build())
            .build());

    private final int maxBytes;

    public SignalCodec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Decoded decode(String text) {
        if (text == null || text.length() > maxBytes) {
            return new Decoded.Bad("too-large");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (Exception e) {
            return new Decoded.Bad("malformed-json");
        }
        if (root == null || !root.isObject()) {
            return new Decoded.Bad("malformed-json");
        }
        String type = text(root, "type");
        String swarm = text(root, "swarm");
        String to = text(root, "to");
        String offerId = text(root, "offerId");
        if (type == null) {
            return new Decoded.Bad("missing-type");
        }
        if (swarm == null || !AnnounceParser.validSwarmId(swarm)) {
            return new Decoded.Bad("bad-swarm-id");
        }
        if (!PeerIds.wellFormed(to)) {
            return new Decoded.Bad("bad-peer-id");
        }
        if (offerId == null || !OFFER_ID.matcher(offerId).matches()) {
            return new Decoded.Bad("bad-offer-id");
        }
        switch (type) {
            case "offer", "answer" -> {
                String sdp = text(root, "sdp");
                if (sdp == null || sdp.isEmpty() || sdp.length() > MAX_SDP) {
                    return new Decoded.Bad("bad-sdp");
                }
                return new Decoded.Ok(
                        type.equals("offer")
                                ? new SignalMessage.Offer(swarm, to, offerId, sdp)
                                : new SignalMessage.Answer(swarm, to, offerId, sdp));
            }
            case "ice" -> {
                String candidate = text(root, "candidate");
                if (candidate == null || candidate.length() > MAX_CANDIDATE) {
                    return new Decoded.Bad("bad-candidate");
                }
                String mid = text(root, "sdpMid");
                if (mid != null && mid.length() > 64) {
                    return new Decoded.Bad("bad-candidate");
                }
                JsonNode idx = root.get("sdpMLineIndex");
                Integer index = null;
                if (idx != null && !idx.isNull()) {
                    if (!idx.canConvertToExactIntegral()
                            || !idx.canConvertToInt()
                            || idx.asInt() < 0
                            || idx.asInt() > 1024) {
                        return new Decoded.Bad("bad-candidate");
                    }
                    index = idx.asInt();
                }
                return new Decoded.Ok(new SignalMessage.Ice(swarm, to, offerId, candidate, mid, index));
            }
            case "hangup" -> {
                JsonNode reason = root.get("reason");
                if (reason != null && !reason.isNull() && !reason.isTextual()) {
                    return new Decoded.Bad("bad-reason");
                }
                String r = text(root, "reason");
                if (r != null && r.length() > MAX_HANGUP_REASON) {
                    return new Decoded.Bad("bad-reason");
                }
                return new Decoded.Ok(new SignalMessage.Hangup(swarm, to, offerId, r));
            }
            default -> {
                return new Decoded.Bad("unknown-type");
            }
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    /** The relayed form: the message plus the tracker-asserted sender. */
    public static String encodeRelayed(SignalMessage m, String from) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", m.type());
        o.put("swarm", m.swarm());
        o.put("from", from);
        o.put("to", m.to());
        o.put("offerId", m.offerId());
        if (m instanceof SignalMessage.Offer offer) {
            o.put("sdp", offer.sdp());
        } else if (m instanceof SignalMessage.Answer answer) {
            o.put("sdp", answer.sdp());
        } else if (m instanceof SignalMessage.Ice ice) {
            o.put("candidate", ice.candidate());
            if (ice.sdpMid() != null) {
                o.put("sdpMid", ice.sdpMid());
            }
            if (ice.sdpMLineIndex() != null) {
                o.put("sdpMLineIndex", ice.sdpMLineIndex());
            }
        } else if (m instanceof SignalMessage.Hangup hangup && hangup.reason() != null) {
            o.put("reason", hangup.reason());
        }
        return o.toString();
    }

    /** Reads a relayed message back (trusted: it comes from a tracker over the bus). */
    public static Relayed decodeRelayed(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            String from = text(root, "from");
            Decoded d = new SignalCodec(Integer.MAX_VALUE).decode(text);
            if (from != null && d instanceof Decoded.Ok ok) {
                return new Relayed(from, ok.message(), text);
            }
        } catch (Exception e) {
            // fall through
        }
        return null;
    }

    /** A message on the bus: sender, message, and its wire text ready to send to the target. */
    public record Relayed(String from, SignalMessage message, String text) {}

    public static String error(String reason, String offerId) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "error");
        o.put("reason", reason);
        if (offerId != null) {
            o.put("offerId", offerId);
        }
        return o.toString();
    }
}
