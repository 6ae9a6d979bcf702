package dev.riffle.agent.tracker;

import dev.riffle.agent.session.Counters.StreamKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns running totals per title and rendition into the deltas {@code POST /v1/stats} wants ("since the previous
 * report"). Pure. The baseline moves only when a report was accepted, so bytes of a failed report go out with the
 * next one, and startup time is sent once per stream. A live stream's latency rides along with its entry, as the newest
 * reading rather than a delta.
 */
public final class StatsTally {
    /**
     * Running totals of one stream; {@code startupMillis} -1 while unknown; {@code liveLatencyMillis} is the newest live
     * latency (a reading, not a total), -1 if the stream is not live.
     */
    public record Totals(
            long bytesFromPeers,
            long bytesFromCdn,
            long bytesUploaded,
            long stalls,
            long startupMillis,
            long liveLatencyMillis) {
        /** A stream that is not live. */
        public Totals(long bytesFromPeers, long bytesFromCdn, long bytesUploaded, long stalls, long startupMillis) {
            this(bytesFromPeers, bytesFromCdn, bytesUploaded, stalls, startupMillis, -1);
        }
    }

    /** One report entry: deltas since the last accepted report, and the totals they lead to. */
    public record Entry(
            StreamKey stream,
            long bytesFromPeers,
            long bytesFromCdn,
            long bytesUploaded,
            long stalls,
            Optional<Long> startupMillis,
            Optional<Long> liveLatencyMillis,
            Totals totals) {}

    private final Map<StreamKey, Totals> reported = new HashMap<>();

    /** Entries with something new, at most {@code max} (the rest wait for the next report). */
    public List<Entry> due(Map<StreamKey, Totals> now, int max) {
        List<Entry> out = new ArrayList<>();
        for (var e : now.entrySet()) {
            if (out.size() >= max) break;
            Totals t = e.getValue();
            Totals last = reported.getOrDefault(e.getKey(), new Totals(0, 0, 0, 0, -1));
            Optional<Long> startup = t.startupMillis() >= 0 && last.startupMillis() < 0
                    ? Optional.of(t.startupMillis())
                    : Optional.empty();
            var entry = new Entry(
                    e.getKey(),
                    Math.max(0, t.bytesFromPeers() - last.bytesFromPeers()),
                    Math.max(0, t.bytesFromCdn() - last.bytesFromCdn()),
                    Math.max(0, t.bytesUploaded() - last.bytesUploaded()),
                    Math.max(0, t.stalls() - last.stalls()),
                    startup,
                    t.liveLatencyMillis() >= 0 ? Optional.of(t.liveLatencyMillis()) : Optional.empty(),
                    t);
            if (entry.bytesFromPeers() + entry.bytesFromCdn() + entry.bytesUploaded() + entry.stalls() > 0
                    || startup.isPresent()) out.add(entry);
        }
        return out;
    }

    /** The tracker accepted {@code entries}: they are the new baseline. */
    public void accepted(List<Entry> entries) {
        entries.forEach(e -> reported.put(e.stream(), e.totals()));
    }
}
