package dev.riffle.origin.live;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the list ffmpeg's segment muxer appends to as each segment closes ({@code -segment_list_type csv}: one line
 * {@code file,start,end} per segment, times in seconds). Fed whatever bytes the file grew by; only whole lines count,
 * so a line being written is read next time.
 */
public final class SegmentList {
    /** A closed segment: its file name and its start and end on the stream's timeline, in milliseconds. */
    public record Entry(String file, long startMs, long endMs) {
        public long durationMs() {
            return Math.max(1, endMs - startMs);
        }
    }

    private final StringBuilder partial = new StringBuilder();

    public List<Entry> feed(String appended) {
        partial.append(appended);
        List<Entry> out = new ArrayList<>();
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl).trim();
            partial.delete(0, nl + 1);
            if (line.isEmpty()) continue;
            String[] f = line.split(",");
            if (f.length < 3) throw new IllegalStateException("segment list line '" + line + "'");
            out.add(new Entry(
                    f[0], Math.round(Double.parseDouble(f[1]) * 1000), Math.round(Double.parseDouble(f[2]) * 1000)));
        }
        return out;
    }
}
