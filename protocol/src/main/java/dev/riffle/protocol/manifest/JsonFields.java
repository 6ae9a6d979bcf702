package dev.riffle.protocol.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/** Strict typed reads from a JSON object: a missing or mistyped field is MALFORMED, never a default. */
final class JsonFields {
    private JsonFields() {}

    static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw ManifestException.malformed(field + " must be an object");
        }
        return n;
    }

    static JsonNode array(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray()) {
            throw ManifestException.malformed(field + " must be an array");
        }
        return n;
    }

    static String string(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isTextual()) {
            throw ManifestException.malformed(field + " must be a string");
        }
        return n.textValue();
    }

    /** A string, or null when the field is absent (null literals are not a way to say "absent"). */
    static String optionalString(JsonNode parent, String field) {
        return parent.has(field) ? string(parent, field) : null;
    }

    static long integer(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw ManifestException.malformed(field + " must be an integer");
        }
        long v = n.longValue();
        if (Math.abs(v) > Checks.MAX_JSON_INT) {
            throw ManifestException.malformed(field + " beyond 2^53-1");
        }
        return v;
    }
}
