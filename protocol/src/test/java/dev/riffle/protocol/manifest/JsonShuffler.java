package dev.riffle.protocol.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Writes a JSON tree with members in random order and random insignificant whitespace, for order-independence tests. */
public final class JsonShuffler {
    private static final String[] SPACE = {"", " ", "\n", "\t", "  \r\n "};

    private JsonShuffler() {}

    public static String write(JsonNode node, Random rnd) {
        StringBuilder sb = new StringBuilder();
        write(node, rnd, sb);
        return ws(rnd) + sb + ws(rnd);
    }

    private static void write(JsonNode node, Random rnd, StringBuilder sb) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.properties());
            Collections.shuffle(fields, rnd);
            sb.append('{').append(ws(rnd));
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    sb.append(ws(rnd)).append(',').append(ws(rnd));
                }
                sb.append(escape(fields.get(i).getKey()))
                        .append(ws(rnd))
                        .append(':')
                        .append(ws(rnd));
                write(fields.get(i).getValue(), rnd, sb);
            }
            sb.append(ws(rnd)).append('}');
        } else if (node.isArray()) {
            sb.append('[').append(ws(rnd));
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    sb.append(ws(rnd)).append(',').append(ws(rnd));
                }
                write(node.get(i), rnd, sb);
            }
            sb.append(ws(rnd)).append(']');
        } else if (node.isTextual()) {
            sb.append(escape(node.textValue()));
        } else {
            sb.append(node.toString());
        }
    }

    /** Escapes every character as \\uXXXX on a coin flip, to vary the input spelling too. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || (c % 3 == 0)) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String ws(Random rnd) {
        return SPACE[rnd.nextInt(SPACE.length)];
    }
}
