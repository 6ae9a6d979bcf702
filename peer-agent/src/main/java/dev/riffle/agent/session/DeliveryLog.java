package dev.riffle.agent.session;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which source each segment handed to the player came from, for {@code /status}: per rendition, the last
 * {@code perRendition} segments delivered, oldest first (a segment delivered again moves to the end, so each appears
 * once). The fetch loop says where the bytes of each segment came from when they arrive ({@link #fetched}; the last
 * {@code fetchesKept} are remembered, far more than a prefetch window holds) and takes that back if the cache rejects
 * them ({@link #rejected}); a delivery looks the segment up.
 *
 * <ul>
 *   <li>{@link From#PEER} / {@link From#CDN}: all its bytes from a peer / the edge.
 *   <li>{@link From#MIXED}: a slow peer transfer finished with a CDN {@code Range} request: a peer sent the first
 *       {@code peerBytes}, the edge the rest. Neither label alone would be true, so it is marked mixed, with both byte
 *       counts (the reader may go by the larger).
 *   <li>{@link From#CACHE}: served from the cache without this session having fetched it (cached by an earlier session
 *       or run), or fetched so long ago that the record is gone.
 * </ul>
 *
 * Pure and bounded; thread-safe (written on the session's context, read by {@code /status} and in-process observers).
 */
public final class DeliveryLog {
    /** Segments delivered kept per rendition. */
    public static final int DEFAULT_PER_RENDITION = 64;
    /** Fetch records kept (for all renditions). */
    public static final int DEFAULT_FETCHES_KEPT = 1_024;

    /** Where a segment's bytes came from. */
    public enum From {
        PEER,
        CDN,
        MIXED,
        CACHE;

        /** Lower case, as in {@code /status}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One segment and its source.
     *
     * @param peer the peer that sent it (or, for {@link From#MIXED}, its first bytes); null if none did
     * @param peerBytes bytes of it that came from {@code peer}
     * @param cdnBytes bytes of it that came from the edge
     */
    public record Provenance(String rendition, long seq, From from, String peer, long peerBytes, long cdnBytes) {
        public Provenance {
            Objects.requireNonNull(rendition, "rendition");
            Objects.requireNonNull(from, "from");
            if (seq < 0) throw new IllegalArgumentException("seq < 0");
            if (peerBytes < 0 || cdnBytes < 0) throw new IllegalArgumentException("negative bytes");
            if ((from == From.PEER || from == From.MIXED) && peer == null)
                throw new IllegalArgumentException(from + " without a peer");
        }

        static Provenance cache(SegmentRef ref) {
            return new Provenance(ref.rendition(), ref.seq(), From.CACHE, null, 0, 0);
        }

        /** As {@code /status} shows it: {@code {"seq":3,"source":"peer","peer":"…","peerBytes":…,"cdnBytes":0}}. */
        public Map<String, Object> toMap() {
            var m = new LinkedHashMap<String, Object>();
            m.put("seq", seq);
            m.put("source", from.label());
            if (peer != null) m.put("peer", peer);
            m.put("peerBytes", peerBytes);
            m.put("cdnBytes", cdnBytes);
            return m;
        }
    }

    private final int perRendition;
    private final Map<SegmentRef, Provenance> fetched;
    private final Map<String, ArrayDeque<Provenance>> delivered = new LinkedHashMap<>();

    public DeliveryLog() {
        this(DEFAULT_PER_RENDITION, DEFAULT_FETCHES_KEPT);
    }

    public DeliveryLog(int perRendition, int fetchesKept) {
        if (perRendition < 1 || fetchesKept < 1) throw new IllegalArgumentException("bounds must be >= 1");
        this.perRendition = perRendition;
        this.fetched = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<SegmentRef, Provenance> eldest) {
                return size() > fetchesKept;
            }
        };
    }

    /**
     * The bytes of a segment arrived: {@code peerBytes} from {@code peer} (null when no peer sent any) and
     * {@code cdnBytes} from the edge. Replaces an earlier record of the same segment. Returns the record, to hand to
     * {@link #rejected} if the cache refuses the bytes.
     */
    public synchronized Provenance fetched(String rendition, long seq, PeerId peer, long peerBytes, long cdnBytes) {
        if (peerBytes > 0 && peer == null) throw new IllegalArgumentException("peer bytes without a peer");
        From from = peerBytes > 0 ? (cdnBytes > 0 ? From.MIXED : From.PEER) : From.CDN;
        var p = new Provenance(rendition, seq, from, from == From.CDN ? null : peer.value(), peerBytes, cdnBytes);
        var ref = new SegmentRef(rendition, seq);
        fetched.remove(ref); // re-inserted at the end: the newest record is evicted last
        fetched.put(ref, p);
        return p;
    }

    /** The fetches still recorded for {@code rendition}, by segment (for the app's source bar). */
    public synchronized Map<Long, Provenance> fetched(String rendition) {
        var out = new java.util.HashMap<Long, Provenance>();
        fetched.forEach((ref, p) -> {
            if (ref.rendition().equals(rendition)) out.put(ref.seq(), p);
        });
        return out;
    }

    /** The cache refused those bytes (wrong hash or size): forget the record unless a newer one replaced it. */
    public synchronized void rejected(Provenance p) {
        fetched.remove(new SegmentRef(p.rendition(), p.seq()), p);
    }

    /** The player was handed a segment; returns what was recorded for it. */
    public synchronized Provenance delivered(String rendition, long seq) {
        var ref = new SegmentRef(rendition, seq);
        Provenance p = fetched.getOrDefault(ref, Provenance.cache(ref));
        ArrayDeque<Provenance> log = delivered.computeIfAbsent(rendition, r -> new ArrayDeque<>());
        log.removeIf(x -> x.seq() == seq);
        log.addLast(p);
        while (log.size() > perRendition) log.removeFirst();
        return p;
    }

    /** The last segments of {@code rendition} delivered, oldest first; empty if none. */
    public synchronized List<Provenance> delivered(String rendition) {
        ArrayDeque<Provenance> log = delivered.get(rendition);
        return log == null ? List.of() : List.copyOf(log);
    }

    /** Every rendition delivered from, in the order first delivered: its last segments, oldest first. */
    public synchronized Map<String, List<Provenance>> delivered() {
        var out = new LinkedHashMap<String, List<Provenance>>();
        delivered.forEach((r, log) -> out.put(r, List.copyOf(log)));
        return out;
    }

    /** {@link #delivered()} as {@code /status} shows it. */
    public Map<String, Object> toStatus() {
        var out = new LinkedHashMap<String, Object>();
        delivered().forEach((r, log) -> {
            List<Object> entries = new ArrayList<>(log.size());
            log.forEach(p -> entries.add(p.toMap()));
            out.put(r, entries);
        });
        return out;
    }
}
