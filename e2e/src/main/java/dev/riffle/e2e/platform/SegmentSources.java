package dev.riffle.e2e.platform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which source each segment of the rendition a viewer plays came from: {@code P} peer, {@code c} CDN, {@code .} not yet.
 * The agent counts segments per source ({@code Counters.segmentsFromPeers/FromCdn}) but does not say which segment came
 * from where, so this infers it from polls: counters first, then the cache, so every counted segment is already cached
 * when the poll sees it. New cached segments are matched with counter increments in index order, the lowest going to the
 * CDN first when both moved in one poll (the scheduler sends the most urgent, i.e. lowest, segments to the CDN).
 * Increments with no new segment (a segment fetched twice after a cancel) are dropped. Pure; not thread-safe on its own
 * (the owner synchronizes).
 */
public final class SegmentSources {
    public static final char PEER = 'P';
    public static final char CDN = 'c';
    public static final char NONE = '.';

    private final Map<Long, Integer> position = new HashMap<>();
    private final char[] marks;
    private final TreeSet<Long> pending = new TreeSet<>();
    private final Set<Long> seen = new java.util.HashSet<>();
    private long lastPeer;
    private long lastCdn;
    private long owedPeer;
    private long owedCdn;

    /** @param indices the rendition's segment indexes, in playlist order */
    public SegmentSources(List<Long> indices) {
        marks = new char[indices.size()];
        java.util.Arrays.fill(marks, NONE);
        for (int i = 0; i < indices.size(); i++) position.put(indices.get(i), i);
    }

    /**
     * One poll.
     *
     * @param peerSegments the agent's segments-from-peers counter (all titles: the agent fetches one rendition here)
     * @param cdnSegments the agent's segments-from-CDN counter
     * @param cached indexes of this rendition in the agent's cache, read after the counters
     */
    public void observe(long peerSegments, long cdnSegments, Set<Long> cached) {
        owedPeer += Math.max(0, peerSegments - lastPeer);
        owedCdn += Math.max(0, cdnSegments - lastCdn);
        lastPeer = Math.max(lastPeer, peerSegments);
        lastCdn = Math.max(lastCdn, cdnSegments);
        for (Long seq : cached) {
            if (position.containsKey(seq) && seen.add(seq)) pending.add(seq);
        }
        while (!pending.isEmpty() && owedPeer + owedCdn > 0) {
            long seq = pending.pollFirst();
            if (owedCdn > 0) {
                owedCdn--;
                marks[position.get(seq)] = CDN;
            } else {
                owedPeer--;
                marks[position.get(seq)] = PEER;
            }
        }
        if (pending.isEmpty()) {
            owedPeer = 0;
            owedCdn = 0;
        }
    }

    /** One character per segment in playlist order. */
    public String bar() {
        return new String(marks);
    }

    public int size() {
        return marks.length;
    }
}
