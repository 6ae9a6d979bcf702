package dev.riffle.tracker.polluter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.announce.AnnounceParser;
import java.util.Set;

/**
 * Reads {@code POST /v1/reports/polluters}: {@code {"peerId":..., "offender":..., "swarm":..., "segment":N,
 * "expected":"<64 hex>", "received":"<64 hex>"}}. Pure; every fault is an {@link Invalid} with a stable reason, and
 * nothing else is accepted (unknown fields included), so what counts as evidence is exactly this.
 */
public final class PolluterReportParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("peerId", "offender", "swarm", "segment", "expected", "received");

    /** A malformed report; {@link #reason()} is the problem's stable reason. */
    public static final class Invalid extends Exception {
        private final String reason;

        Invalid(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private PolluterReportParser() {}

    public static PolluterReport parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("bad-json", "body is not JSON");
        } catch (java.io.IOException e) {
            throw new Invalid("bad-json", "body is not JSON");
        }
        if (root == null || !root.isObject()) throw new Invalid("bad-json", "body must be a JSON object");
        var names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) throw new Invalid("unknown-field", "unknown field " + quoted(name));
        }
        String reporter = text(root, "peerId");
        String offender = text(root, "offender");
        if (!PeerIds.wellFormed(reporter) || !PeerIds.wellFormed(offender)) {
            throw new Invalid("bad-peer-id", "peerId and offender must be <account tag>.<device>");
        }
        if (reporter.equals(offender)) throw new Invalid("self-report", "a peer cannot report itself");
        String swarm = text(root, "swarm");
        if (!AnnounceParser.validSwarmId(swarm)) throw new Invalid("bad-swarm-id", "swarm is not a swarm id");
        JsonNode segment = root.get("segment");
        if (segment == null || !segment.canConvertToLong() || !segment.isIntegralNumber() || segment.asLong() < 0) {
            throw new Invalid("bad-segment", "segment must be a segment index (integer >= 0)");
        }
        String expected = text(root, "expected");
        String received = text(root, "received");
        if (!sha256Hex(expected) || !sha256Hex(received)) {
            throw new Invalid("bad-hash", "expected and received must be SHA-256 in lower-case hex");
        }
        if (expected.equals(received)) {
            throw new Invalid("no-mismatch", "received equals expected: that is not evidence of bad bytes");
        }
        return new PolluterReport(reporter, offender, swarm, segment.asLong(), expected, received);
    }

    private static String text(JsonNode root, String field) throws Invalid {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw new Invalid("missing-field", field + " is missing");
        if (!v.isTextual()) throw new Invalid("bad-field", field + " must be a string");
        return v.textValue();
    }

    static boolean sha256Hex(String s) {
        if (s.length() != 64) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
        }
        return true;
    }

    private static String quoted(String name) {
        return name.length() > 40 ? "\"" + name.substring(0, 40) + "…\"" : "\"" + name + "\"";
    }
}
