package dev.riffle.sim.run;

import dev.riffle.sim.scenario.Scenario;
import dev.riffle.sim.world.Tally;
import dev.riffle.sim.world.World;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongConsumer;

/**
 * A scenario run twice on the same audience (same seed, so the same viewers arrive at the same moments with the same
 * lines): with P2P, and CDN-only (agents without peers). The two runs share nothing, so they run on two threads.
 */
public final class Simulation {
    private Simulation() {}

    /** Both runs' tallies and the wall time they took. */
    public record Outcome(Scenario scenario, Tally p2p, Tally cdnOnly, double wallSeconds) {}

    public static Outcome run(Scenario scenario, LongConsumer progress) {
        long start = System.nanoTime();
        Scenario cdnOnly = withoutPeers(scenario);
        var baseline = CompletableFuture.supplyAsync(() -> new World(cdnOnly).run(t -> {}));
        Tally p2p = new World(scenario).run(progress);
        Tally base;
        try {
            base = baseline.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return new Outcome(scenario, p2p, base, (System.nanoTime() - start) / 1e9);
    }

    public static Scenario withoutPeers(Scenario s) {
        return s.withAgents(s.agents().withoutP2p());
    }
}
