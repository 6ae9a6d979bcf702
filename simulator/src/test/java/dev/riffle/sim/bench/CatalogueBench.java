package dev.riffle.sim.bench;

import dev.riffle.sim.report.Plots;
import dev.riffle.sim.report.Reports;
import dev.riffle.sim.run.Simulation;
import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.scenario.Scenarios;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Bench main (not a test): what seeding after watching and the cache size do to a VOD catalogue's offload, overall and
 * by popularity rank. Runs {@code vod-catalogue} (5,000 titles, Zipf 0.8, evening peak, 2 h) once per setting, each
 * {@code seedSeconds:cacheMegabytes} (seeding 0 = off), prints a Markdown row per setting, appends it to {@code
 * catalogue.csv} in the plot directory, and redraws the plots from every row of that file after each run (a sweep
 * that is stopped early still has its pictures).
 *
 * <pre>
 * ./mvnw -q -pl simulator test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.riffle.sim.bench.CatalogueBench \
 *   -Dexec.args="10000 target/catalogue 0:512,3600:512,3600:32768,0:32768,3600:2048,3600:8192,0:2048,0:8192"
 * </pre>
 *
 * Run with the heap the target allows ({@code MAVEN_OPTS=-Xmx4g}).
 */
public final class CatalogueBench {
    private static final String[] BANDS = {"1", "2-10", "11-100", "101-1000", "1001+"};

    private CatalogueBench() {}

    public static void main(String[] args) throws IOException {
        int viewers = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/catalogue");
        String cells =
                args.length > 2 ? args[2] : "0:512,3600:512,3600:32768,0:32768,3600:2048,3600:8192,0:2048,0:8192";
        Scenario base = Scenarios.load("vod-catalogue");
        base = base.withRun(viewers, base.seed(), base.durationSeconds());
        Files.createDirectories(dir);
        Path csv = dir.resolve("catalogue.csv");
        System.out.println(
                "| seeding after watch | cache | offload | rank 1 | 2-10 | 11-100 | 101-1000 | 1001+ | intra-ISP"
                        + " | stall ratio P2P / CDN-only | CDN peak Gbit/s P2P / CDN-only | wall s | load |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String cell : cells.split(",")) {
            String[] parts = cell.trim().split(":");
            int seed = Integer.parseInt(parts[0]);
            int mb = Integer.parseInt(parts[1]);
            var agents = base.agents().withCacheMegabytes(mb).withSeedAfterWatchSeconds(seed);
            var o = Simulation.run(base.withAgents(agents), t -> {});
            var row = new StringBuilder(String.format(
                    Locale.ROOT,
                    "| %s | %,d MB | %.3f |",
                    seeding(seed),
                    mb,
                    o.p2p().offload()));
            var line = new StringBuilder(
                    String.format(Locale.ROOT, "%d,%d,%.4f", seed, mb, o.p2p().offload()));
            for (Reports.Band b : Reports.bands(o.p2p())) {
                row.append(String.format(Locale.ROOT, " %.3f |", b.offload()));
                line.append(String.format(Locale.ROOT, ",%.4f", b.offload()));
            }
            row.append(String.format(
                    Locale.ROOT,
                    " %.3f | %.5f / %.5f | %.1f / %.1f | %.0f | %.1f |",
                    o.p2p().intraIspShare(),
                    o.p2p().stallRatio(),
                    o.cdnOnly().stallRatio(),
                    o.p2p().cdnPeakGbps(),
                    o.cdnOnly().cdnPeakGbps(),
                    o.wallSeconds(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            System.out.println(row);
            Files.writeString(
                    csv,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            plot(csv, dir, viewers);
        }
    }

    /** Both pictures from every row of {@code csv}: seeding, cache MB, offload, then one offload per rank band. */
    static void plot(Path csv, Path dir, int viewers) throws IOException {
        var bySeeding = new TreeMap<Integer, TreeMap<Integer, Double>>();
        var bands = new LinkedHashMap<String, List<Reports.Band>>();
        for (String l : Files.readAllLines(csv)) {
            if (l.isBlank()) continue;
            String[] f = l.split(",");
            int seed = Integer.parseInt(f[0]);
            int mb = Integer.parseInt(f[1]);
            bySeeding.computeIfAbsent(seed, k -> new TreeMap<>()).put(mb, Double.parseDouble(f[2]));
            var b = new ArrayList<Reports.Band>();
            for (int i = 0; i < BANDS.length; i++)
                b.add(new Reports.Band(BANDS[i], 0, 0, Double.parseDouble(f[3 + i])));
            bands.put(String.format(Locale.ROOT, "seeding %s, cache %,d MB", seeding(seed), mb), b);
        }
        var curves = new LinkedHashMap<String, double[][]>();
        for (var e : bySeeding.entrySet()) {
            var points = e.getValue();
            double[][] xy = new double[2][points.size()];
            int i = 0;
            for (var p : points.entrySet()) {
                xy[0][i] = p.getKey() / 1000.0;
                xy[1][i++] = p.getValue();
            }
            curves.put("seeding " + seeding(e.getKey()), xy);
        }
        String who = String.format(Locale.ROOT, "vod-catalogue, %,d viewers", viewers);
        Plots.lines(
                who + ": offload against cache size",
                "cache per agent (GB)",
                "offload",
                true,
                curves,
                dir.resolve("sim-vod-cache-seeding.png"));
        Plots.bandsBySetting(
                who + ": offload by popularity rank", bands, dir.resolve("sim-vod-popularity-settings.png"));
    }

    private static String seeding(int seconds) {
        return seconds == 0 ? "off" : "on, " + seconds / 60 + " min";
    }
}
