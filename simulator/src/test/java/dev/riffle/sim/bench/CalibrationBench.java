package dev.riffle.sim.bench;

import dev.riffle.sim.run.Simulation;
import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.scenario.Scenarios;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Bench main (not a test): SwarmBench's shape in the simulator, next to the real agents' figures of SwarmBench's run
 * of 2026-12-07 15:33 UTC on a quiet machine (docs/benchmarks-history.md): one 60 s title at 60 kB/s in 2 s segments,
 * the edge capped at 12× the stream, uploads at 3×, one ISP on a LAN, at most 10 peers; joins 2 s apart (staggered) or
 * within 1 s (flash); N = 10, 25, 50.
 *
 * <pre>
 * ./mvnw -q -pl simulator test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.riffle.sim.bench.CalibrationBench
 * </pre>
 */
public final class CalibrationBench {
    private CalibrationBench() {}

    /** SwarmBench 2026-12-07 15:33 UTC: offload, stalls P2P/baseline, startup p50 P2P/baseline (ms). */
    private record Real(
            String joins, int n, double offload, int stalls, int baseStalls, int startup, int baseStartup) {}

    private static final Real[] REAL = {
        new Real("staggered", 10, 0.880, 0, 0, 214, 348),
        new Real("staggered", 25, 0.890, 0, 274, 169, 3959),
        new Real("staggered", 50, 0.922, 0, 718, 153, 8517),
        new Real("flash", 10, 0.867, 0, 0, 1795, 2816),
        new Real("flash", 25, 0.865, 4, 375, 5349, 7036),
        new Real("flash", 50, 0.898, 63, 773, 11343, 14867),
    };

    public static void main(String[] args) throws Exception {
        Path file =
                Path.of(CalibrationBench.class.getResource("/one-title.json").toURI());
        Scenario base = Scenarios.load(file.toString());
        System.out.println("| joins | N | offload sim / real | diff | stalls sim / real | CDN-only stalls sim / real"
                + " | startup p50 ms sim / real | CDN-only startup p50 ms sim / real |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Real r : REAL) {
            var a = base.arrivals();
            var arrivals = r.joins().equals("flash")
                    ? new Scenario.Arrivals("flash", a.startHour(), a.hourlyWeights(), 1, a.staggerMillis())
                    : new Scenario.Arrivals("staggered", a.startHour(), a.hourlyWeights(), 0, 2000);
            Scenario s = base.withArrivals(arrivals).withRun(r.n(), base.seed(), base.durationSeconds());
            var o = Simulation.run(s, t -> {});
            double diff = o.p2p().offload() - r.offload();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %.3f / %.3f | %+.3f%s | %d / %d | %d / %d | %d / %d | %d / %d |%n",
                    r.joins(),
                    r.n(),
                    o.p2p().offload(),
                    r.offload(),
                    diff,
                    Math.abs(diff) <= 0.05 ? "" : " **",
                    o.p2p().stalls(),
                    r.stalls(),
                    o.cdnOnly().stalls(),
                    r.baseStalls(),
                    o.p2p().startupQuantile(0.5),
                    r.startup(),
                    o.cdnOnly().startupQuantile(0.5),
                    r.baseStartup());
        }
    }
}
