package dev.riffle.agent.playback;

import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import java.util.Arrays;
import java.util.List;

/** Media start and end times of each segment of a rendition, from the durations in the signed manifest. */
public final class Timeline {
    private final long firstSeq;
    /** {@code starts[i]} is the start of segment {@code firstSeq + i}; the last entry is the end of the rendition. */
    private final long[] starts;

    private Timeline(long firstSeq, long[] starts) {
        this.firstSeq = firstSeq;
        this.starts = starts;
    }

    /**
     * A rendition's timeline. A live window starts at its first segment's program date (epoch milliseconds), so a
     * segment keeps its media time as the window slides; a VOD title starts at 0.
     */
    public static Timeline of(Rendition r) {
        return of(r.segments());
    }

    static Timeline of(List<Segment> segments) {
        long[] starts = new long[segments.size() + 1];
        if (!segments.isEmpty() && segments.get(0).programDate() != null) {
            starts[0] = segments.get(0).programDate().toEpochMilli();
        }
        for (int i = 0; i < segments.size(); i++)
            starts[i + 1] = starts[i] + segments.get(i).durationMs();
        return new Timeline(segments.isEmpty() ? 0 : segments.get(0).index(), starts);
    }

    public long firstSeq() {
        return firstSeq;
    }

    /** The last segment's sequence number; {@code firstSeq - 1} when there is none. */
    public long lastSeq() {
        return firstSeq + starts.length - 2;
    }

    public boolean contains(long seq) {
        return seq >= firstSeq && seq <= lastSeq();
    }

    public long startMs(long seq) {
        return starts[index(seq)];
    }

    public long endMs(long seq) {
        return starts[index(seq) + 1];
    }

    /** The segment playing at media time {@code mediaMs} (the last one at or past the end). */
    public long seqAt(long mediaMs) {
        int i = Arrays.binarySearch(starts, 0, starts.length - 1, mediaMs);
        if (i < 0) i = -i - 2;
        return firstSeq + Math.max(0, Math.min(i, starts.length - 2));
    }

    private int index(long seq) {
        if (!contains(seq)) throw new IllegalArgumentException("no segment " + seq);
        return (int) (seq - firstSeq);
    }
}
