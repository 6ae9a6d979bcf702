package dev.riffle.protocol.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON bytes of a JSON tree: the bytes that get signed. The rules are RFC 8785 (JCS) restricted to what
 * manifests use, so any JCS implementation reproduces them:
 *
 * <ul>
 *   <li>UTF-8, no whitespace outside strings;
 *   <li>object members sorted by key, comparing UTF-16 code units (keys here are ASCII, so plain byte order);
 *   <li>numbers are integers only, |n| &le; 2<sup>53</sup>-1, in shortest decimal form (no "+", no leading zeros, no
 *       "-0", no fraction, no exponent); anything else is refused, because floats do not round-trip across languages;
 *   <li>strings escape only {@code "} {@code \} and U+0000..U+001F: {@code \b \t \n \f \r} by name, others as
 *       {@code \}{@code u00xx} (lowercase hex); every other character is written as itself; unpaired surrogates are
 *       refused;
 *   <li>{@code true}, {@code false}, {@code null} as literals.
 * </ul>
 */
public final class CanonicalJson {
    private CanonicalJson() {}

    /** The canonical bytes of {@code node}; MALFORMED for non-integer or out-of-range numbers and bad strings. */
    public static byte[] write(JsonNode node) {
        StringBuilder sb = new StringBuilder(4096);
        write(node, sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes straight into a stream-free buffer; recursion depth is bounded by the parser's nesting limit. */
    private static void write(JsonNode node, StringBuilder sb) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
                fields.sort(Map.Entry.comparingByKey());
                sb.append('{');
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(fields.get(i).getKey(), sb);
                    sb.append(':');
                    write(fields.get(i).getValue(), sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                sb.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(node.get(i), sb);
                }
                sb.append(']');
            }
            case STRING -> string(node.textValue(), sb);
            case NUMBER -> {
                if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                    throw ManifestException.malformed("only integer numbers are allowed");
                }
                long v = node.longValue();
                if (Math.abs(v) > Checks.MAX_JSON_INT) {
                    throw ManifestException.malformed("integer beyond 2^53-1");
                }
                sb.append(v);
            }
            case BOOLEAN -> sb.append(node.booleanValue());
            case NULL -> sb.append("null");
            default -> throw ManifestException.malformed("unsupported JSON value " + node.getNodeType());
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw ManifestException.malformed("unpaired surrogate in string");
            }
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\f' -> sb.append("\\f");
                case '\r' -> sb.append("\\r");
                default -> {
                    if (c < 0x20) {
                        sb.append("\\u00")
                                .append(Character.forDigit(c >> 4, 16))
                                .append(Character.forDigit(c & 0xF, 16));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
