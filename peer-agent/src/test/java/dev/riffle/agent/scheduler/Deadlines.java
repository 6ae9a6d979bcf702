package dev.riffle.agent.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/** A uniform timeline for tests: per-segment deadlines from a playhead and a buffer. */
final class Deadlines {
    private Deadlines() {}

    /**
     * @param nextSeq the first segment the player does not have buffered
     * @param bufferMillis playable media before the player needs {@code nextSeq}
     * @param lastSeq last segment of the title (inclusive), or {@code Long.MAX_VALUE} for live
     * @param sizeOf segment size in bytes, from the manifest
     * @param cached segments already in the cache, skipped (they still take their slot in time)
     */
    static List<Wanted> ahead(
            String rendition,
            long nextSeq,
            long bufferMillis,
            long segmentMillis,
            long nowMillis,
            long horizonMillis,
            long lastSeq,
            LongUnaryOperator sizeOf,
            Set<Long> cached) {
        var out = new ArrayList<Wanted>();
        for (long seq = nextSeq; seq <= lastSeq; seq++) {
            long due = nowMillis + bufferMillis + (seq - nextSeq) * segmentMillis;
            if (due - nowMillis > horizonMillis) break;
            if (!cached.contains(seq))
                out.add(new Wanted(new SegmentRef(rendition, seq), sizeOf.applyAsLong(seq), due));
        }
        return out;
    }
}
