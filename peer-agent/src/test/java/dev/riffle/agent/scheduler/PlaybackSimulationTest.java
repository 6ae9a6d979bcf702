package dev.riffle.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Whole sessions, tick by tick, against peers that misbehave. */
class PlaybackSimulationTest {

    @Test
    void neverMissesADeadlineTheCdnCouldHaveMet() {
        Property.forAll(300, Gen.longs(), seed -> {
            var sim = new PlaybackSimulation(new SplittableRandom(seed));
            sim.run(new Scheduler(SchedulerConfig.defaults()));
            assertThat(sim.misses).as("segments late, peers %s", sim.behaviour).isEmpty();
            assertThat(sim.cached).hasSize((int) sim.segments);
        });
    }

    @Test
    void bytesAreFetchedTwiceOnlyWhenATransferWasCancelled() {
        Property.forAll(300, Gen.longs(), seed -> {
            var sim = new PlaybackSimulation(new SplittableRandom(seed));
            sim.run(new Scheduler(SchedulerConfig.defaults()));
            assertThat(sim.cdnBytes + sim.peerBytes).isEqualTo(sim.segments * sim.size + sim.wastedBytes);
        });
    }

    @Test
    void withHonestPeersHoldingEverythingMostBytesComeFromPeers() {
        var sim = new PlaybackSimulation(new SplittableRandom(1));
        sim.behaviour.clear();
        sim.holds.clear();
        for (int i = 0; i < 4; i++) {
            var id = new PeerId("P" + i);
            sim.behaviour.put(id, new PlaybackSimulation.Behaviour(4 * sim.size, 1.0, Long.MAX_VALUE, Long.MAX_VALUE));
            var all = new java.util.HashSet<SegmentRef>();
            for (long s = 0; s < sim.segments; s++) all.add(new SegmentRef("v", s));
            sim.holds.put(id, all);
        }
        sim.run(new Scheduler(SchedulerConfig.defaults()));
        assertThat(sim.misses).isEmpty();
        double offload = sim.peerBytes / (double) (sim.peerBytes + sim.cdnBytes);
        assertThat(offload).isGreaterThan(0.85);
    }
}
