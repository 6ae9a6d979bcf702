package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.SegmentRanges;

/**
 * Compact text form of a {@link PeerEntry} for Redis, keyed by peer id elsewhere. The locality group comes first so the
 * store's Lua can find it:
 *
 * <pre>
 * 3320/DE/BE|192.0.2.0/24|2000000|150000|41|0-40,50-60|1763780000000
 * group      subnet       capacity uploading playhead have lastSeen
 * </pre>
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
                + p.lastSeenMillis();
    }

    public static PeerEntry decode(String peerId, String text) {
        String[] f = text.split("\\|", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("bad peer record");
        }
        return new PeerEntry(
                peerId,
                Locality.parseGroupKey(f[0]),
                f[1],
                Long.parseLong(f[2]),
                Long.parseLong(f[3]),
                Long.parseLong(f[4]),
                SegmentRanges.decode(f[5]),
                Long.parseLong(f[6]));
    }
}
