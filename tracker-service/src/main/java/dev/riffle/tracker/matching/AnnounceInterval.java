package dev.riffle.tracker.matching;

import java.time.Duration;
import java.util.random.RandomGenerator;

/** Announce interval with jitter, so agents that started together do not announce together forever. */
public final class AnnounceInterval {

    private AnnounceInterval() {}

    /** {@code base × (1 ± jitter)}, uniform, whole seconds, at least one second. */
    public static long seconds(Duration base, double jitter, RandomGenerator random) {
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Math.max(1, Math.round(base.toMillis() * factor / 1000.0));
    }
}
