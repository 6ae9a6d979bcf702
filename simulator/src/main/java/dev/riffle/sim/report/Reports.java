package dev.riffle.sim.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.riffle.sim.run.Simulation.Outcome;
import dev.riffle.sim.world.Tally;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A run's figures: the JSON summary, CSV series, and the text printed at the end. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Reports() {}

    /** The summary, with exactly the keys the issue names. */
    public static Map<String, Object> summary(Outcome o) {
        var m = new LinkedHashMap<String, Object>();
        m.put("offloadRatio", round(o.p2p().offload()));
        m.put("cdnPeakGbps", round(o.p2p().cdnPeakGbps()));
        m.put("cdnOnlyPeakGbps", round(o.cdnOnly().cdnPeakGbps()));
        m.put("intraIspShare", round(o.p2p().intraIspShare()));
        m.put("stallRatio", round(o.p2p().stallRatio()));
        m.put("cdnOnlyStallRatio", round(o.cdnOnly().stallRatio()));
        m.put("viewers", o.scenario().viewers());
        m.put("simSeconds", o.scenario().durationSeconds());
        m.put("wallSeconds", Math.round(o.wallSeconds() * 10) / 10.0);
        return m;
    }

    public static void writeJson(Outcome o, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        JSON.writeValue(file.toFile(), summary(o));
    }

    /** {@code timeseries.csv} (per 10 s) and {@code popularity.csv} (per rank band) in {@code dir}. */
    public static void writeCsv(Outcome o, Path dir) throws IOException {
        Files.createDirectories(dir);
        Tally p = o.p2p(), c = o.cdnOnly();
        var lines = new ArrayList<String>();
        lines.add("second,watching,offload,cdn_gbps,cdn_only_gbps");
        for (int b = 0; b < p.fullBuckets(); b++) {
            lines.add(String.format(
                    Locale.ROOT,
                    "%d,%d,%s,%.6f,%.6f",
                    (long) b * Tally.BUCKET_MILLIS / 1000,
                    p.concurrentAt(b),
                    Double.isNaN(p.offloadAt(b)) ? "" : String.format(Locale.ROOT, "%.4f", p.offloadAt(b)),
                    p.cdnGbps(b),
                    c.cdnGbps(b)));
        }
        Files.write(dir.resolve("timeseries.csv"), lines);
        var pop = new ArrayList<String>();
        pop.add("ranks,titles_watched,bytes,offload");
        for (Band band : bands(p)) {
            pop.add(String.format(
                    Locale.ROOT, "%s,%d,%d,%.4f", band.label(), band.titles(), band.bytes(), band.offload()));
        }
        Files.write(dir.resolve("popularity.csv"), pop);
    }

    /** Offload of titles grouped by popularity rank: 1, 2-10, 11-100, 101-1000, 1001+. */
    public record Band(String label, int titles, long bytes, double offload) {}

    public static List<Band> bands(Tally t) {
        int[][] ranges = {{0, 1}, {1, 10}, {10, 100}, {100, 1000}, {1000, Integer.MAX_VALUE}};
        String[] labels = {"1", "2-10", "11-100", "101-1000", "1001+"};
        var out = new ArrayList<Band>();
        for (int i = 0; i < ranges.length; i++) {
            long bytes = 0, peer = 0;
            int titles = 0;
            for (int r = ranges[i][0]; r < Math.min(ranges[i][1], t.titles()); r++) {
                if (t.titleBytes(r) == 0) continue;
                titles++;
                bytes += t.titleBytes(r);
                peer += t.titlePeerBytes(r);
            }
            if (ranges[i][0] < t.titles())
                out.add(new Band(labels[i], titles, bytes, bytes == 0 ? 0 : peer / (double) bytes));
        }
        return out;
    }

    /** The figures a person reads at the end of a run. */
    public static String text(Outcome o) {
        Tally p = o.p2p(), c = o.cdnOnly();
        long dur = o.scenario().durationSeconds() * 1000L;
        var sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "%s: %d viewers, %d s simulated in %.1f s%n",
                o.scenario().name(),
                o.scenario().viewers(),
                o.scenario().durationSeconds(),
                o.wallSeconds()));
        row(sb, "offload", "%.3f", p.offload(), c.offload());
        row(sb, "CDN peak Gbit/s", "%.3f", p.cdnPeakGbps(), c.cdnPeakGbps());
        row(sb, "CDN average Gbit/s", "%.3f", p.cdnAverageGbps(dur), c.cdnAverageGbps(dur));
        row(sb, "intra-ISP share of P2P", "%.3f", p.intraIspShare(), Double.NaN);
        row(sb, "stall ratio", "%.5f", p.stallRatio(), c.stallRatio());
        row(sb, "stalls", "%.0f", p.stalls(), c.stalls());
        row(sb, "startup p50 ms", "%.0f", p.startupQuantile(0.5), c.startupQuantile(0.5));
        row(sb, "startup p95 ms", "%.0f", p.startupQuantile(0.95), c.startupQuantile(0.95));
        row(sb, "wasted MB", "%.1f", p.wastedBytes() / 1e6, c.wastedBytes() / 1e6);
        row(sb, "scheduler ticks", "%.0f", p.decisions(), c.decisions());
        sb.append("  actions: ").append(p.actions()).append(System.lineSeparator());
        sb.append("  peer connections: ").append(p.connections()).append(System.lineSeparator());
        sb.append("offload by popularity rank:");
        for (Band b : bands(p)) {
            sb.append(String.format(Locale.ROOT, "  %s: %.3f (%d titles)", b.label(), b.offload(), b.titles()));
        }
        return sb.append(System.lineSeparator()).toString();
    }

    private static void row(StringBuilder sb, String label, String fmt, double p2p, double cdn) {
        sb.append(String.format(Locale.ROOT, "  %-24s %12s   CDN-only %12s%n", label, f(fmt, p2p), f(fmt, cdn)));
    }

    private static String f(String fmt, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, fmt, v);
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
