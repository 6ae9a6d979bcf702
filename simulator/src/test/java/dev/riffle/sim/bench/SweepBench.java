package dev.riffle.sim.bench;

import dev.riffle.sim.run.Simulation;
import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.scenario.Scenarios;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Bench main (not a test): where offload falls apart. One title of the defaults (one VOD title, 20-110 min, Poisson
 * arrivals on the daily curve) for 30 simulated minutes, sweeping one thing at a time: the uplink (as a share of the
 * downlink), the share of peers behind a NAT no one can reach (symmetric, among port-restricted peers), and the
 * audience size.
 *
 * <pre>
 * ./mvnw -q -pl simulator test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.riffle.sim.bench.SweepBench -Dexec.args="2000"
 * </pre>
 */
public final class SweepBench {
    private SweepBench() {}

    public static void main(String[] args) {
        int viewers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Scenario base = Scenarios.load("defaults").withRun(viewers, 1, 1800);
        sweep("uplink / downlink", new double[] {0.02, 0.05, 0.1, 0.2, 0.5}, x -> withUplink(base, x));
        sweep("NAT-blocked share", new double[] {0, 0.25, 0.5, 0.75, 0.9}, x -> withBlocked(base, x));
        sweep(
                "viewers in 30 min",
                new double[] {10, 30, 100, 300, 1000, 3000, 10000},
                x -> base.withRun((int) x, base.seed(), base.durationSeconds()));
    }

    private static void sweep(String what, double[] values, DoubleFunction<Scenario> make) {
        System.out.printf(
                Locale.ROOT,
                "%n| %s | offload | stall ratio P2P / CDN-only | CDN peak Gbit/s P2P / CDN-only |%n",
                what);
        System.out.println("|---|---|---|---|");
        for (double x : values) {
            var o = Simulation.run(make.apply(x), t -> {});
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %.3f | %.5f / %.5f | %.3f / %.3f |%n",
                    x == Math.rint(x) && x >= 1 ? String.valueOf((long) x) : String.valueOf(x),
                    o.p2p().offload(),
                    o.p2p().stallRatio(),
                    o.cdnOnly().stallRatio(),
                    o.p2p().cdnPeakGbps(),
                    o.cdnOnly().cdnPeakGbps());
        }
    }

    private static Scenario withUplink(Scenario s, double ratio) {
        var a = s.audience();
        return audience(
                s,
                new Scenario.Audience(
                        a.downlinkMedianMbps(),
                        a.downlinkSigma(),
                        ratio,
                        a.uplinkSigma(),
                        a.isps(),
                        a.latency(),
                        a.nat(),
                        a.session()));
    }

    /** A share {@code x} of symmetric NATs among port-restricted ones: those connect to nobody. */
    private static Scenario withBlocked(Scenario s, double x) {
        var a = s.audience();
        return audience(
                s,
                new Scenario.Audience(
                        a.downlinkMedianMbps(),
                        a.downlinkSigma(),
                        a.uplinkRatio(),
                        a.uplinkSigma(),
                        a.isps(),
                        a.latency(),
                        new Scenario.Nat(0, 0, 1 - x, x),
                        a.session()));
    }

    private static Scenario audience(Scenario s, Scenario.Audience audience) {
        return new Scenario(
                s.name(),
                s.description(),
                s.viewers(),
                s.seed(),
                s.durationSeconds(),
                s.arrivals(),
                s.catalogue(),
                audience,
                s.agents(),
                s.cdn());
    }
}
