package dev.riffle.tracker.announce;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.SegmentRanges;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Turns an announce body into an {@link AnnounceRequest} or an {@link Invalid} with a stable reason. Never throws
 * anything else, whatever the bytes.
 *
 * <pre>
 * {"event":"started","peerId":"AbCdEfGhIjKlMnOp.tv","uploadCapacity":2000000,"uploading":0,"numWant":30,
 *  "swarms":[{"id":"t-42.r720","playhead":12,"have":[[0,40],[50,60]]}],
 *  "claim":{"asn":3320,"country":"DE","region":"BE"}}
 * </pre>
 */
public final class AnnounceParser {

    /** A body that is not an acceptable announce; {@code reason} is stable, {@code detail} is for humans. */
    public static final class Invalid extends Exception {
        private final String reason;

        public Invalid(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** Swarm ids are opaque to the tracker: 1–128 URL-safe characters, {@code [A-Za-z0-9._:~-]{1,128}}. */
    public static final int MAX_SWARM_ID = 128;
    /** Further behind than the longest DVR window is not watching live. */
    static final long MAX_BEHIND_EDGE_MS = 6 * 3600_000L;

    /** Whether {@code id} is a well-formed swarm id; by hand, not by regex: it runs for every swarm of every announce. */
    public static boolean validSwarmId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_SWARM_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!PeerIds.urlSafe(c) && c != '.' && c != ':' && c != '~') {
                return false;
            }
        }
        return true;
    }

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(8)
                    .maxStringLength(4096)
                    .maxNumberLength(24)
                    .build())
            .build());

    private final int maxSwarms;
    private final int maxRanges;
    private final int maxNumWant;

    public AnnounceParser(int maxSwarms, int maxRanges, int maxNumWant) {
        this.maxSwarms = maxSwarms;
        this.maxRanges = maxRanges;
        this.maxNumWant = maxNumWant;
    }

    public AnnounceRequest parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new Invalid("malformed-json", "body is not valid JSON");
        } catch (IOException | RuntimeException e) {
            throw new Invalid("malformed-json", "body could not be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("malformed-json", "body must be a JSON object");
        }
        AnnounceRequest.Event event = event(root.get("event"));
        Optional<String> peerId = Optional.empty();
        JsonNode pid = root.get("peerId");
        if (pid != null && !pid.isNull()) {
            if (!pid.isTextual()) {
                throw new Invalid("bad-field", "peerId must be a string");
            }
            peerId = Optional.of(pid.textValue());
        }
        long capacity = nonNegative(root, "uploadCapacity", 0);
        long uploading = nonNegative(root, "uploading", 0);
        OptionalInt numWant = OptionalInt.empty();
        if (root.hasNonNull("numWant")) {
            long n = nonNegative(root, "numWant", 0);
            numWant = OptionalInt.of((int) Math.min(n, maxNumWant));
        }
        JsonNode swarmsNode = root.get("swarms");
        if (swarmsNode == null || swarmsNode.isNull()) {
            throw new Invalid("missing-field", "swarms is required");
        }
        if (!swarmsNode.isArray() || swarmsNode.isEmpty()) {
            throw new Invalid("bad-field", "swarms must be a non-empty array");
        }
        if (swarmsNode.size() > maxSwarms) {
            throw new Invalid("too-many-swarms", "at most " + maxSwarms + " swarms per announce");
        }
        List<AnnounceRequest.SwarmState> swarms = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode s : swarmsNode) {
            AnnounceRequest.SwarmState state = swarm(s);
            if (!seen.add(state.id())) {
                throw new Invalid("bad-field", "swarm listed twice");
            }
            swarms.add(state);
        }
        return new AnnounceRequest(event, peerId, capacity, uploading, numWant, swarms, claim(root.get("claim")));
    }

    private static AnnounceRequest.Event event(JsonNode node) throws Invalid {
        if (node == null || node.isNull()) {
            throw new Invalid("missing-field", "event is required");
        }
        if (node.isTextual()) {
            switch (node.textValue()) {
                case "started":
                    return AnnounceRequest.Event.STARTED;
                case "update":
                    return AnnounceRequest.Event.UPDATE;
                case "stopped":
                    return AnnounceRequest.Event.STOPPED;
                default:
            }
        }
        throw new Invalid("bad-field", "event must be started, update or stopped");
    }

    private static long nonNegative(JsonNode parent, String field, long fallback) throws Invalid {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            return fallback;
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0) {
            throw new Invalid("bad-field", field + " must be a non-negative integer");
        }
        return n.asLong();
    }

    private AnnounceRequest.SwarmState swarm(JsonNode s) throws Invalid {
        if (!s.isObject()) {
            throw new Invalid("bad-field", "each swarm must be an object");
        }
        JsonNode id = s.get("id");
        if (id == null || !id.isTextual() || !validSwarmId(id.textValue())) {
            throw new Invalid("bad-swarm-id", "swarm id must be 1-128 characters of [A-Za-z0-9._:~-]");
        }
        long playhead = -1;
        JsonNode ph = s.get("playhead");
        if (ph != null && !ph.isNull()) {
            if (!ph.canConvertToExactIntegral() || !ph.canConvertToLong() || ph.asLong() < -1) {
                throw new Invalid("bad-field", "playhead must be an integer >= -1");
            }
            playhead = ph.asLong();
        }
        SegmentRanges have = SegmentRanges.NONE;
        JsonNode h = s.get("have");
        if (h != null && !h.isNull()) {
            if (!h.isArray()) {
                throw new Invalid("bad-field", "have must be an array of [first,last] pairs");
            }
            if (h.size() > maxRanges) {
                throw new Invalid("too-many-ranges", "at most " + maxRanges + " ranges per swarm");
            }
            List<SegmentRanges.Range> ranges = new ArrayList<>();
            for (JsonNode r : h) {
                if (!r.isArray()
                        || r.size() != 2
                        || !r.get(0).canConvertToExactIntegral()
                        || !r.get(1).canConvertToExactIntegral()
                        || !r.get(0).canConvertToLong()
                        || !r.get(1).canConvertToLong()) {
                    throw new Invalid("bad-field", "have must be an array of [first,last] pairs");
                }
                long first = r.get(0).asLong();
                long last = r.get(1).asLong();
                if (first < 0 || last < first) {
                    throw new Invalid("bad-field", "a range needs 0 <= first <= last");
                }
                ranges.add(new SegmentRanges.Range(first, last));
            }
            have = new SegmentRanges(ranges);
        }
        long behindEdge = -1;
        JsonNode be = s.get("behindEdgeMs");
        if (be != null && !be.isNull()) {
            if (!be.canConvertToExactIntegral()
                    || !be.canConvertToLong()
                    || be.asLong() < 0
                    || be.asLong() > MAX_BEHIND_EDGE_MS) {
                throw new Invalid("bad-field", "behindEdgeMs must be an integer between 0 and " + MAX_BEHIND_EDGE_MS);
            }
            behindEdge = be.asLong();
        }
        return new AnnounceRequest.SwarmState(id.textValue(), playhead, have, behindEdge);
    }

    private static Optional<Locality> claim(JsonNode c) throws Invalid {
        if (c == null || c.isNull()) {
            return Optional.empty();
        }
        if (!c.isObject()) {
            throw new Invalid("bad-field", "claim must be an object");
        }
        try {
            long asn = nonNegative(c, "asn", 0);
            String country = c.hasNonNull("country") ? c.get("country").asText() : "";
            String region = c.hasNonNull("region") ? c.get("region").asText() : "";
            return Optional.of(new Locality(asn, country.toUpperCase(Locale.ROOT), region));
        } catch (IllegalArgumentException e) {
            throw new Invalid("bad-field", "claim has a bad asn, country or region");
        }
    }
}
