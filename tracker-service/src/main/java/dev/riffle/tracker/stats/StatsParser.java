package dev.riffle.tracker.stats;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads a {@link StatsReport}; bad input is an {@link Invalid} with a stable reason, never anything else. */
public final class StatsParser {

    /** A body that is not an acceptable report. */
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

    static final int MAX_ENTRIES = 32;
    /** One report covers at most minutes of playback: 1 TB per counter is already absurd. */
    static final long MAX_COUNTER = 1L << 40;
    /** A live viewer further behind than the longest DVR window is not watching live any more. */
    static final long MAX_LATENCY_MS = 6 * 3600_000L;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(6)
                    .maxStringLength(1024)
                    .maxNumberLength(20)
                    .build())
            .build());

    public StatsReport parse(byte[] body) throws Invalid {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            throw new Invalid("malformed-json", "body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("malformed-json", "body must be a JSON object");
        }
        Optional<String> peerId = Optional.empty();
        JsonNode pid = root.get("peerId");
        if (pid != null && !pid.isNull()) {
            if (!pid.isTextual()) {
                throw new Invalid("bad-field", "peerId must be a string");
            }
            peerId = Optional.of(pid.textValue());
        }
        JsonNode entries = root.get("entries");
        if (entries == null || !entries.isArray() || entries.isEmpty()) {
            throw new Invalid("missing-field", "entries must be a non-empty array");
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new Invalid("too-many-entries", "at most " + MAX_ENTRIES + " entries per report");
        }
        List<StatsReport.Entry> out = new ArrayList<>();
        for (JsonNode e : entries) {
            if (!e.isObject()) {
                throw new Invalid("bad-field", "each entry must be an object");
            }
            String title = name(e, "title", true);
            String rendition = name(e, "rendition", false);
            Optional<Long> startup =
                    e.hasNonNull("startupMs") ? Optional.of(counter(e, "startupMs")) : Optional.empty();
            out.add(new StatsReport.Entry(
                    title,
                    rendition,
                    counter(e, "bytesFromPeers"),
                    counter(e, "bytesFromCdn"),
                    counter(e, "bytesUploaded"),
                    counter(e, "stalls"),
                    startup,
                    latency(e)));
        }
        return new StatsReport(peerId, out);
    }

    private static String name(JsonNode e, String field, boolean required) throws Invalid {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new Invalid("missing-field", field + " is required");
            }
            return "";
        }
        if (!n.isTextual() || !NAME.matcher(n.textValue()).matches()) {
            throw new Invalid("bad-field", field + " must be 1-128 characters of [A-Za-z0-9._:-]");
        }
        return n.textValue();
    }

    private static long counter(JsonNode e, String field) throws Invalid {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            return 0;
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > MAX_COUNTER) {
            throw new Invalid("bad-field", field + " must be an integer between 0 and 2^40");
        }
        return n.asLong();
    }

    private static Optional<Long> latency(JsonNode e) throws Invalid {
        JsonNode n = e.get("latencyMs");
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong() || n.asLong() < 0 || n.asLong() > MAX_LATENCY_MS) {
            throw new Invalid("bad-field", "latencyMs must be an integer between 0 and " + MAX_LATENCY_MS);
        }
        return Optional.of(n.asLong());
    }
}
