package dev.riffle.sim.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.sim.run.Simulation;
import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.scenario.Scenarios;
import org.junit.jupiter.api.Test;

/** Small runs with loose bounds: they catch a broken model, not a changed figure. */
class WorldTest {

    /** SwarmBench's shape: one 60 s title, 60 kB/s, 2 s segments, everyone on one LAN-like ISP. */
    static Scenario oneTitle(int viewers, long uploadCap, double edgeGbps) {
        Scenario s = Scenarios.load("src/test/resources/one-title.json");
        var a = s.agents();
        s = s.withAgents(new Scenario.Agents(
                a.p2p(),
                a.maxPeers(),
                a.uploadShare(),
                uploadCap,
                a.uploadBurstBytes(),
                a.cacheMegabytes(),
                a.seedAfterWatchSeconds(),
                a.liveLatencyMillis(),
                a.reannounceSeconds()));
        return new Scenario(
                s.name(),
                s.description(),
                viewers,
                s.seed(),
                s.durationSeconds(),
                s.arrivals(),
                s.catalogue(),
                s.audience(),
                s.agents(),
                new Scenario.Cdn(edgeGbps));
    }

    @Test
    void whatIsNotThePlayersRequestWaitsForTheAgentsNextTimerBeat() {
        // an agent that arrived at 100 ms beats at 100, 250, 400, ...
        assertThat(World.onTimer(100, 100)).isEqualTo(100);
        assertThat(World.onTimer(100, 101)).isEqualTo(250);
        assertThat(World.onTimer(100, 249)).isEqualTo(250);
        assertThat(World.onTimer(100, 250)).isEqualTo(250);
        assertThat(World.onTimer(100, 1_000)).isEqualTo(1_000);
        assertThat(World.onTimer(100, 1_001)).isEqualTo(1_150);
    }

    @Test
    void cdnOnlyTakesNothingFromPeers() {
        Tally t = new World(Simulation.withoutPeers(oneTitle(10, 181_000, 0))).run(x -> {});
        assertThat(t.peerBytes()).isZero();
        assertThat(t.offload()).isZero();
        assertThat(t.cdnBytes()).isEqualTo(10L * 30 * 120_000);
    }

    @Test
    void everyByteKeptCameFromExactlyOneSource() {
        Tally t = new World(oneTitle(25, 181_000, 0.005784)).run(x -> {});
        // 25 viewers watch all 30 segments of 120 kB: each stored byte is counted once, from peer or CDN.
        assertThat(t.peerBytes() + t.cdnBytes()).isEqualTo(25L * 30 * 120_000);
    }

    @Test
    void hugeUplinksApproachTheCeilingOfOneCopyFromTheCdn() {
        int n = 20;
        Tally t = new World(oneTitle(n, 50_000_000, 0)).run(x -> {});
        double ceiling = 1 - 1.0 / n;
        assertThat(t.offload()).isBetween(ceiling - 0.15, ceiling + 1e-9);
        assertThat(t.stallRatio()).isLessThan(0.02);
    }

    @Test
    void theSameSeedGivesTheSameRunAndAnotherSeedAnotherOne() {
        Scenario s = Scenarios.load("small-isp").withRun(300, 42, 900);
        Tally a = new World(s).run(x -> {});
        Tally b = new World(s).run(x -> {});
        Tally c = new World(s.withRun(300, 43, 900)).run(x -> {});
        assertThat(a.peerBytes()).isEqualTo(b.peerBytes());
        assertThat(a.cdnBytes()).isEqualTo(b.cdnBytes());
        assertThat(a.decisions()).isEqualTo(b.decisions());
        assertThat(a.stalls()).isEqualTo(b.stalls());
        assertThat(c.cdnBytes()).isNotEqualTo(a.cdnBytes());
    }

    @Test
    void aCatalogueRunKeepsItsBooksAndSharesSomeBytes() {
        Scenario s = Scenarios.load("vod-catalogue").withRun(1_500, 3, 1_800);
        Tally t = new World(s).run(x -> {});
        assertThat(t.joined()).isEqualTo(1_500);
        assertThat(t.offload()).isBetween(0.05, 0.95);
        assertThat(t.intraIspShare()).isBetween(0.0, 1.0);
        assertThat(t.stallRatio()).isLessThan(0.2);
    }
}
