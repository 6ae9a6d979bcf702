package dev.riffle.tracker.announce;

/**
 * Writes announce answers and problems as JSON bytes by hand. Jackson's reflective record serialization was ~17 % of an
 * announce's CPU; this writes byte-for-byte what Jackson wrote for {@link AnnounceResponse} and {@link Problem}
 * (component order, {@code null} components left out where the record says NON_NULL, Jackson's string escaping), which
 * {@code AnnounceJsonTest} checks against Jackson on generated values. The agents parse this shape: keep it.
 */
public final class AnnounceJson {

    private AnnounceJson() {}

    public static byte[] answer(AnnounceResponse r) {
        return write(r).toByteArray();
    }

    /** The answer in a buffer possibly longer than it: the fast route sends it without trimming (a copy). */
    static JsonBytes write(AnnounceResponse r) {
        JsonBytes b = new JsonBytes(256 + 96 * peerCount(r));
        b.ascii("{\"peerId\":");
        b.string(r.peerId());
        b.ascii(",\"interval\":").number(r.interval());
        b.ascii(",\"locality\":");
        if (r.locality() == null) {
            b.ascii("null");
        } else {
            b.ascii("{\"asn\":").number(r.locality().asn()).ascii(",\"country\":");
            b.string(r.locality().country());
            b.ascii(",\"region\":");
            b.string(r.locality().region());
            b.ascii('}');
        }
        b.ascii(",\"swarms\":");
        if (r.swarms() == null) {
            b.ascii("null");
        } else {
            b.ascii('[');
            for (int i = 0; i < r.swarms().size(); i++) {
                if (i > 0) {
                    b.ascii(',');
                }
                swarm(b, r.swarms().get(i));
            }
            b.ascii(']');
        }
        b.ascii('}');
        return b;
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
    private static void swarm(JsonBytes b, AnnounceResponse.SwarmAnswer s) {
        if (s == null) {
            b.ascii("null");
            return;
        }
        b.ascii('{');
        boolean first = true;
        if (s.id() != null) {
            first = key(b, "id", first);
            b.string(s.id());
        }
        if (s.status() != null) {
            first = key(b, "status", first);
            b.string(s.status());
        }
        if (s.size() != null) {
            first = key(b, "size", first);
            b.number(s.size().longValue());
        }
        if (s.peers() != null) {
            first = key(b, "peers", first);
            b.ascii('[');
            for (int i = 0; i < s.peers().size(); i++) {
                if (i > 0) {
                    b.ascii(',');
                }
                peer(b, s.peers().get(i));
            }
            b.ascii(']');
        }
        if (s.detail() != null) {
            key(b, "detail", first);
            b.string(s.detail());
        }
        b.ascii('}');
    }

    private static void peer(JsonBytes b, AnnounceResponse.PeerOut p) {
        if (p == null) {
            b.ascii("null");
            return;
        }
        b.ascii("{\"peerId\":");
        b.string(p.peerId());
        b.ascii(",\"tier\":");
        b.string(p.tier());
        b.ascii(",\"have\":");
        if (p.have() == null) {
            b.ascii("null");
        } else {
            b.ranges(p.have());
        }
        b.ascii('}');
    }

    private static boolean key(JsonBytes b, String name, boolean first) {
        if (!first) {
            b.ascii(',');
        }
        b.ascii('"').ascii(name).ascii("\":");
        return false;
    }
}
