package dev.riffle.e2e.platform;

import dev.riffle.agent.session.DeliveryLog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A viewer's segment bar: one character per segment of the rendition it plays, in playlist order, set from the
 * agent's own record of where each segment it handed to the player came from ({@link DeliveryLog}, the
 * {@code delivered} lists of its {@code /status}). {@code P} peer, {@code c} CDN, {@code m} both (a slow peer transfer
 * finished from the CDN), {@code o} the agent's cache from before this session, {@code .} not delivered yet. The agent
 * keeps only its last deliveries, so the owner feeds them in often; a segment recorded again takes its newest source.
 * Pure; not thread-safe on its own (the owner synchronizes).
 */
public final class SegmentSources {
    public static final char PEER = 'P';
    public static final char CDN = 'c';
    public static final char MIXED = 'm';
    public static final char CACHE = 'o';
    public static final char NONE = '.';

    private final Map<Long, Integer> position = new HashMap<>();
    private final char[] marks;

    /** @param indices the rendition's segment indexes, in playlist order */
    public SegmentSources(List<Long> indices) {
        marks = new char[indices.size()];
        java.util.Arrays.fill(marks, NONE);
        for (int i = 0; i < indices.size(); i++) position.put(indices.get(i), i);
    }

    /** One delivery the agent recorded (of the rendition this bar is for); other indexes are ignored. */
    public void record(DeliveryLog.Provenance delivered) {
        Integer at = position.get(delivered.seq());
        if (at != null) marks[at] = mark(delivered.from());
    }

    static char mark(DeliveryLog.From from) {
        return switch (from) {
            case PEER -> PEER;
            case CDN -> CDN;
            case MIXED -> MIXED;
            case CACHE -> CACHE;
        };
    }

    /** One character per segment in playlist order. */
    public String bar() {
        return new String(marks);
    }

    public int size() {
        return marks.length;
    }
}
