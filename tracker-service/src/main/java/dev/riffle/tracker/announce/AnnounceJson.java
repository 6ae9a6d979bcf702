package dev.riffle.tracker.announce;

import dev.riffle.tracker.problem.Problem;
import java.nio.charset.StandardCharsets;

/**
 * Writes announce answers and problems as JSON by hand. Jackson's reflective record serialization was ~17 % of an
 * announce's CPU; this writes byte-for-byte what Jackson wrote for {@link AnnounceResponse} and {@link Problem}
 * (component order, {@code null} components left out where the record says NON_NULL, Jackson's string escaping), which
 * {@code AnnounceJsonTest} checks against Jackson on generated values. The agents parse this shape: keep it.
 */
public final class AnnounceJson {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AnnounceJson() {}

    public static byte[] answer(AnnounceResponse r) {
        StringBuilder b = new StringBuilder(256 + 96 * peerCount(r));
        b.append("{\"peerId\":");
        string(b, r.peerId());
        b.append(",\"interval\":").append(r.interval());
        b.append(",\"locality\":");
        if (r.locality() == null) {
            b.append("null");
        } else {
            b.append("{\"asn\":").append(r.locality().asn()).append(",\"country\":");
            string(b, r.locality().country());
            b.append(",\"region\":");
            string(b, r.locality().region());
            b.append('}');
        }
        b.append(",\"swarms\":");
        if (r.swarms() == null) {
            b.append("null");
        } else {
            b.append('[');
            for (int i = 0; i < r.swarms().size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                swarm(b, r.swarms().get(i));
            }
            b.append(']');
        }
        b.append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int peerCount(AnnounceResponse r) {
        int n = 0;
        if (r.swarms() != null) {
            for (AnnounceResponse.SwarmAnswer s : r.swarms()) {
                n += s.peers() == null ? 0 : s.peers().size();
            }
        }
        return n;
    }

    // SwarmAnswer is @JsonInclude(NON_NULL): null components are left out.
    private static void swarm(StringBuilder b, AnnounceResponse.SwarmAnswer s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('{');
        boolean first = true;
        if (s.id() != null) {
            first = key(b, "id", first);
            string(b, s.id());
        }
        if (s.status() != null) {
            first = key(b, "status", first);
            string(b, s.status());
        }
        if (s.size() != null) {
            first = key(b, "size", first);
            b.append(s.size().longValue());
        }
        if (s.peers() != null) {
            first = key(b, "peers", first);
            b.append('[');
            for (int i = 0; i < s.peers().size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                peer(b, s.peers().get(i));
            }
            b.append(']');
        }
        if (s.detail() != null) {
            key(b, "detail", first);
            string(b, s.detail());
        }
        b.append('}');
    }

    private static void peer(StringBuilder b, AnnounceResponse.PeerOut p) {
        if (p == null) {
            b.append("null");
            return;
        }
        b.append("{\"peerId\":");
        string(b, p.peerId());
        b.append(",\"tier\":");
        string(b, p.tier());
        b.append(",\"have\":");
        if (p.have() == null) {
            b.append("null");
        } else {
            b.append('[');
            for (int i = 0; i < p.have().length; i++) {
                if (i > 0) {
                    b.append(',');
                }
                long[] range = p.have()[i];
                if (range == null) {
                    b.append("null");
                    continue;
                }
                b.append('[');
                for (int j = 0; j < range.length; j++) {
                    if (j > 0) {
                        b.append(',');
                    }
                    b.append(range[j]);
                }
                b.append(']');
            }
            b.append(']');
        }
        b.append('}');
    }

    /** A {@link Problem} as {@code application/problem+json} (NON_NULL, like the record's Jackson form). */
    public static byte[] problem(Problem p) {
        StringBuilder b = new StringBuilder(192);
        b.append('{');
        boolean first = true;
        if (p.type() != null) {
            first = key(b, "type", first);
            string(b, p.type());
        }
        if (p.title() != null) {
            first = key(b, "title", first);
            string(b, p.title());
        }
        first = key(b, "status", first);
        b.append(p.status());
        if (p.detail() != null) {
            key(b, "detail", first);
            string(b, p.detail());
        }
        if (p.reason() != null) {
            key(b, "reason", false);
            string(b, p.reason());
        }
        b.append('}');
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static boolean key(StringBuilder b, String name, boolean first) {
        if (!first) {
            b.append(',');
        }
        b.append('"').append(name).append("\":");
        return false;
    }

    /** A JSON string escaped as Jackson does by default: quote, backslash and control characters only. */
    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                break;
            }
            i++;
        }
        b.append('"');
        if (i == n) { // nothing to escape (peer ids, swarm ids, codes): one bulk copy
            b.append(s).append('"');
            return;
        }
        b.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}
