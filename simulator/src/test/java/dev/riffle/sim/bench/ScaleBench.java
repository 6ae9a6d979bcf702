package dev.riffle.sim.bench;

import dev.riffle.sim.run.Simulation;
import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.scenario.Scenarios;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Bench main (not a test): how the simulator's cost grows with the audience. For each viewer count, one run of a
 * scenario (P2P and CDN-only on two threads, as {@code ./riffle simulate} does): wall time, simulated viewer-hours,
 * wall seconds per 1,000 viewer-hours, scheduler ticks, peak heap used.
 *
 * <pre>
 * ./mvnw -q -pl simulator test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.riffle.sim.bench.ScaleBench -Dexec.args="vod-catalogue 10000,30000,100000"
 * </pre>
 *
 * Run with the heap the target allows and the options {@code ./riffle simulate} uses ({@code MAVEN_OPTS="-Xmx4g
 * -XX:+UseParallelGC -XX:+UseTransparentHugePages"}, or the same java options with the test classpath).
 */
public final class ScaleBench {
    private ScaleBench() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "vod-catalogue";
        String counts = args.length > 1 ? args[1] : "10000,30000,100000";
        Integer duration = args.length > 2 ? Integer.valueOf(args[2]) : null;
        System.out.printf(
                Locale.ROOT,
                "| scenario | viewers | simulated s | wall s | viewer-hours | wall s per 1k viewer-h | ticks P2P | peak heap MB | offload |%n");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String c : counts.split(",")) {
            Scenario s = Scenarios.load(name);
            s = s.withRun(Integer.parseInt(c.trim()), s.seed(), duration != null ? duration : s.durationSeconds());
            System.gc();
            resetPeaks();
            var o = Simulation.run(s, t -> {});
            double vh = o.p2p().viewerHours();
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %d | %d | %.1f | %.0f | %.2f | %d | %d | %.3f |%n",
                    s.name(),
                    s.viewers(),
                    s.durationSeconds(),
                    o.wallSeconds(),
                    vh,
                    o.wallSeconds() / vh * 1000,
                    o.p2p().decisions(),
                    peakHeapMb(),
                    o.p2p().offload());
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) pool.resetPeakUsage();
    }

    /** Sum of the heap pools' peaks since the last reset (an upper bound of the heap in use at any moment). */
    private static long peakHeapMb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) sum += pool.getPeakUsage().getUsed();
        }
        return sum >> 20;
    }
}
