package dev.riffle.tracker.stats;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Who watches each title now, and for a live title how far behind the encoder they are, from each viewer's latest
 * report. Pure: time comes in with every call. A viewer counts while it reported within the window; its latency is the
 * newest reading it sent, so the percentiles describe the audience now rather than the event so far. Bounded: titles
 * arrive already capped by a {@link LabelCap}, and a title keeps at most {@code maxViewersPerTitle} viewers (the
 * longest silent goes first).
 */
public final class Audience {

    /** One title's audience now; the latency percentiles are empty when no viewer reported one (not live). */
    public record Summary(int viewers, OptionalLong latencyMsP50, OptionalLong latencyMsP95) {}

    private record Seen(long atMillis, long latencyMs) {}

    private final long windowMillis;
    private final int maxViewersPerTitle;
    /** Per title, viewers in the order they last reported (oldest first). */
    private final Map<String, LinkedHashMap<String, Seen>> byTitle = new HashMap<>();

    public Audience(long windowMillis, int maxViewersPerTitle) {
        if (windowMillis < 1 || maxViewersPerTitle < 1) throw new IllegalArgumentException("bad audience bounds");
        this.windowMillis = windowMillis;
        this.maxViewersPerTitle = maxViewersPerTitle;
    }

    /** {@code viewer} reported on {@code title} at {@code nowMillis}, with a live latency reading or none (-1). */
    public synchronized void seen(String title, String viewer, long latencyMs, long nowMillis) {
        LinkedHashMap<String, Seen> viewers = byTitle.computeIfAbsent(title, t -> new LinkedHashMap<>());
        Seen before = viewers.remove(viewer);
        // a report without a reading (a VOD rendition of the same title, say) keeps the viewer's last one
        long latency = latencyMs >= 0 ? latencyMs : before == null ? -1 : before.latencyMs();
        viewers.put(viewer, new Seen(nowMillis, latency));
        if (viewers.size() > maxViewersPerTitle) {
            Iterator<String> oldest = viewers.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    /** Every title with a viewer in the window; forgets the rest. */
    public synchronized Map<String, Summary> now(long nowMillis) {
        Map<String, Summary> out = new HashMap<>();
        for (String title : List.copyOf(byTitle.keySet())) {
            of(title, nowMillis).ifPresent(summary -> out.put(title, summary));
        }
        return out;
    }

    /** One title's audience now (what a scrape of its gauges reads, without summing up every other title). */
    public synchronized Optional<Summary> of(String title, long nowMillis) {
        LinkedHashMap<String, Seen> viewers = byTitle.get(title);
        if (viewers == null) return Optional.empty();
        viewers.values().removeIf(s -> nowMillis - s.atMillis() > windowMillis);
        if (viewers.isEmpty()) {
            byTitle.remove(title);
            return Optional.empty();
        }
        long[] latencies = viewers.values().stream()
                .mapToLong(Seen::latencyMs)
                .filter(ms -> ms >= 0)
                .sorted()
                .toArray();
        return Optional.of(new Summary(viewers.size(), percentile(latencies, 0.5), percentile(latencies, 0.95)));
    }

    /** Nearest-rank percentile of sorted values. */
    static OptionalLong percentile(long[] sorted, double q) {
        if (sorted.length == 0) return OptionalLong.empty();
        int rank = (int) Math.ceil(q * sorted.length);
        return OptionalLong.of(sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]);
    }
}
