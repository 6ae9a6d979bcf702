package dev.riffle.tracker.stats;

import dev.riffle.tracker.matching.Locality;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This replica's view of what agents reported: totals, an offload-over-time series, and breakdowns by title, ISP and
 * region, each with bounded keys ({@link LabelCap}). Time is injected.
 */
public final class StatsAggregator {

    /** Counters of one slice (a title, an ISP, a region, a time bucket, or everything). */
    public static final class Totals {
        long fromPeers;
        long fromCdn;
        long uploaded;
        long stalls;
        long startups;
        long startupMsSum;

        void add(StatsReport.Entry e) {
            fromPeers += e.bytesFromPeers();
            fromCdn += e.bytesFromCdn();
            uploaded += e.bytesUploaded();
            stalls += e.stalls();
            e.startupMs().ifPresent(ms -> {
                startups++;
                startupMsSum += ms;
            });
        }

        public double offloadRatio() {
            long all = fromPeers + fromCdn;
            return all == 0 ? 0 : (double) fromPeers / all;
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("bytesFromPeers", fromPeers);
            m.put("bytesFromCdn", fromCdn);
            m.put("bytesUploaded", uploaded);
            m.put("offloadRatio", offloadRatio());
            m.put("stalls", stalls);
            m.put("startups", startups);
            m.put("startupMsAvg", startups == 0 ? null : startupMsSum / startups);
            return m;
        }
    }

    record Point(long start, Totals totals) {}

    private final InstantSource clock;
    private final long bucketMillis;
    private final int history;
    private final LabelCap titles;
    private final LabelCap isps;
    private final LabelCap regions;
    private final Totals all = new Totals();
    private final Map<String, Totals> byTitle = new HashMap<>();
    private final Map<String, Totals> byIsp = new HashMap<>();
    private final Map<String, Totals> byRegion = new HashMap<>();
    private final Deque<Point> series = new ArrayDeque<>();

    public StatsAggregator(
            InstantSource clock, Duration bucket, int history, LabelCap titles, LabelCap isps, LabelCap regions) {
        this.clock = clock;
        this.bucketMillis = bucket.toMillis();
        this.history = history;
        this.titles = titles;
        this.isps = isps;
        this.regions = regions;
    }

    public static String ispLabel(Locality l) {
        return l.asn() == 0 ? "unknown" : "AS" + l.asn();
    }

    public static String regionLabel(Locality l) {
        if (l.country().isEmpty()) {
            return "unknown";
        }
        return l.region().isEmpty() ? l.country() : l.country() + "-" + l.region();
    }

    /** The labels this entry counts under: title, ISP, region (each capped). */
    public record Labels(String title, String isp, String region) {}

    public synchronized Labels add(StatsReport.Entry e, Locality where) {
        Labels labels =
                new Labels(titles.label(e.title()), isps.label(ispLabel(where)), regions.label(regionLabel(where)));
        all.add(e);
        byTitle.computeIfAbsent(labels.title(), k -> new Totals()).add(e);
        byIsp.computeIfAbsent(labels.isp(), k -> new Totals()).add(e);
        byRegion.computeIfAbsent(labels.region(), k -> new Totals()).add(e);
        long start = clock.millis() / bucketMillis * bucketMillis;
        if (series.isEmpty() || series.peekLast().start() != start) {
            series.addLast(new Point(start, new Totals()));
            while (series.size() > history) {
                series.removeFirst();
            }
        }
        series.peekLast().totals().add(e);
        return labels;
    }

    public synchronized double offloadRatio(String dimension, String key) {
        Map<String, Totals> m =
                switch (dimension) {
                    case "title" -> byTitle;
                    case "isp" -> byIsp;
                    default -> byRegion;
                };
        Totals t = m.get(key);
        return t == null ? 0 : t.offloadRatio();
    }

    public synchronized double offloadRatio() {
        return all.offloadRatio();
    }

    /** The JSON the stats API and the dashboard read. */
    public synchronized Map<String, Object> snapshot(int top) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("generatedAt", clock.instant().toString());
        out.put("bucketSeconds", bucketMillis / 1000);
        out.put("totals", all.toMap());
        List<Map<String, Object>> points = new ArrayList<>();
        for (Point p : series) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("t", java.time.Instant.ofEpochMilli(p.start()).toString());
            m.putAll(p.totals().toMap());
            points.add(m);
        }
        out.put("series", points);
        out.put("titles", top(byTitle, "title", top));
        out.put("isps", top(byIsp, "isp", top));
        out.put("regions", top(byRegion, "region", top));
        return out;
    }

    private static List<Map<String, Object>> top(Map<String, Totals> m, String key, int n) {
        return m.entrySet().stream()
                .sorted(Comparator.comparingLong(
                                (Map.Entry<String, Totals> e) -> e.getValue().fromPeers + e.getValue().fromCdn)
                        .reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(n)
                .map(e -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put(key, e.getKey());
                    row.putAll(e.getValue().toMap());
                    return row;
                })
                .toList();
    }
}
