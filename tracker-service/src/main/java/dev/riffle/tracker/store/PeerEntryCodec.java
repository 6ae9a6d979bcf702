package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compact text form of a {@link PeerEntry} for Redis, keyed by peer id elsewhere. The locality group comes first so the
 * store's Lua can find it:
 *
 * <pre>
 * 3320/DE/BE|192.0.2.0/24|2000000|150000|41|0-40,50-60|1763780000000|2400
 * group      subnet       capacity uploading playhead have lastSeen     behindEdgeMs
 * </pre>
 *
 * A record without the last field (written before live swarms said where they play) reads as not live.
 */
public final class PeerEntryCodec {

    private PeerEntryCodec() {}

    public static String encode(PeerEntry p) {
        return p.locality().groupKey()
                + '|'
                + p.subnet()
                + '|'
                + p.uploadCapacity()
                + '|'
                + p.uploading()
                + '|'
                + p.playhead()
                + '|'
                + p.have().encode()
                + '|'
                + p.lastSeenMillis()
                + '|'
                + p.behindEdgeMs();
    }

    /** Group keys seen in records, parsed once: a swarm has few distinct ISP/regions and this runs per candidate. */
    private static final ConcurrentHashMap<String, Locality> LOCALITIES = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_LOCALITIES = 10_000;

    public static PeerEntry decode(String peerId, String text) {
        int[] bars = new int[6];
        int from = 0;
        for (int i = 0; i < 6; i++) {
            int bar = text.indexOf('|', from);
            if (bar < 0) {
                throw new IllegalArgumentException("bad peer record");
            }
            bars[i] = bar;
            from = bar + 1;
        }
        int end = text.indexOf('|', from);
        long behindEdge = -1;
        if (end >= 0) {
            if (text.indexOf('|', end + 1) >= 0) {
                throw new IllegalArgumentException("bad peer record");
            }
            behindEdge = Long.parseLong(text, end + 1, text.length(), 10);
        } else {
            end = text.length();
        }
        return new PeerEntry(
                peerId,
                locality(text.substring(0, bars[0])),
                text.substring(bars[0] + 1, bars[1]),
                Long.parseLong(text, bars[1] + 1, bars[2], 10),
                Long.parseLong(text, bars[2] + 1, bars[3], 10),
                Long.parseLong(text, bars[3] + 1, bars[4], 10),
                SegmentRanges.decode(text.substring(bars[4] + 1, bars[5])),
                Long.parseLong(text, bars[5] + 1, end, 10),
                behindEdge);
    }

    private static Locality locality(String groupKey) {
        Locality cached = LOCALITIES.get(groupKey);
        if (cached != null) {
            return cached;
        }
        Locality parsed = Locality.parseGroupKey(groupKey);
        if (LOCALITIES.size() >= MAX_CACHED_LOCALITIES) {
            LOCALITIES.clear();
        }
        LOCALITIES.put(groupKey, parsed);
        return parsed;
    }
}
