package dev.riffle.agent.app;

import dev.riffle.agent.session.DeliveryLog;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where each segment of one rendition came from, one cell per segment, for the app's source bar: a peer, the CDN,
 * both (a peer transfer finished from the CDN), the cache (held from an earlier session, or fetched so long ago that
 * the record is gone), or not yet. Pure.
 *
 * @param firstSeq the index of the first cell's segment
 * @param cells one character per segment: {@code p} peer, {@code c} CDN, {@code b} both, {@code h} cache, {@code .}
 *     not yet (a string, so a two-hour title stays a few kilobytes of JSON)
 * @param playhead the segment the player asked for last, or -1
 */
public record SourceMap(String rendition, long firstSeq, String cells, long playhead) {
    public static final char PEER = 'p';
    public static final char CDN = 'c';
    public static final char BOTH = 'b';
    public static final char CACHE = 'h';
    public static final char NOT_YET = '.';

    public SourceMap {
        Objects.requireNonNull(rendition, "rendition");
        Objects.requireNonNull(cells, "cells");
        if (firstSeq < 0) throw new IllegalArgumentException("firstSeq < 0");
    }

    /**
     * The map of segments {@code firstSeq .. firstSeq + count - 1}: a fetch this session recorded says peer, CDN or
     * both; otherwise a segment in the cache is a cache cell; otherwise not yet.
     */
    public static SourceMap of(
            String rendition,
            long firstSeq,
            int count,
            Set<Long> cached,
            Map<Long, DeliveryLog.Provenance> fetched,
            long playhead) {
        if (count < 0) throw new IllegalArgumentException("count < 0");
        var sb = new StringBuilder(count);
        for (long seq = firstSeq; seq < firstSeq + count; seq++) {
            DeliveryLog.Provenance p = fetched.get(seq);
            if (p != null && p.from() != DeliveryLog.From.CACHE) {
                sb.append(
                        switch (p.from()) {
                            case PEER -> PEER;
                            case CDN -> CDN;
                            default -> BOTH;
                        });
            } else {
                sb.append(cached.contains(seq) ? CACHE : NOT_YET);
            }
        }
        return new SourceMap(rendition, firstSeq, sb.toString(), playhead);
    }

    /** How many cells show {@code kind}. */
    public long count(char kind) {
        return cells.chars().filter(c -> c == kind).count();
    }
}
