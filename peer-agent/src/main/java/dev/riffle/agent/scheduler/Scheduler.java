package dev.riffle.agent.scheduler;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Decides, tick by tick, where each missing segment comes from. Pure: the same input gives the same actions, with no
 * clock reads and no I/O; it keeps no state between ticks, so seeks and rendition switches need no reset beyond
 * the input changing (whatever is in flight for a segment no longer wanted is cancelled).
 *
 * <p>Policy, in order: drop stale requests; complete late or stalled peer transfers from the CDN with a Range for the
 * missing bytes; send segments due within the urgent window to the CDN (preempting non-urgent CDN requests when the
 * HTTP slots are full); ask peers for segments in the prefetch window (same ISP first, then fastest, then least
 * loaded) when they can deliver before the deadline; pull a segment no peer has from the CDN only if this agent is one
 * of the few picked by a seeded draw; serve peers' requests within the upload budget.
 */
public final class Scheduler {
    private final SchedulerConfig config;
    private final long salt;

    /** The random generator is drawn once: it picks which new segments this agent pulls from the CDN. */
    public Scheduler(SchedulerConfig config, RandomGenerator random) {
        this.config = config;
        this.salt = random.nextLong();
    }

    public SchedulerConfig config() {
        return config;
    }

    public List<Action> decide(SchedulerInput input) {
        return new Tick(config, this, input).run();
    }

    /**
     * Whether this agent is one of the few viewers that pull a segment no peer has yet from the CDN. The draw is a
     * hash of the agent's salt and the segment, so it is stable across ticks (re-drawing every tick would let every
     * viewer win eventually) and independent between agents.
     *
     * @param viewers viewers that could otherwise share it with us, including us
     */
    public boolean pullsNewSegment(SegmentRef segment, int viewers) {
        double p = Math.min(1.0, config.cdnFetchersPerSegment() / Math.max(1, viewers));
        return unitDraw(segment) < p;
    }

    double unitDraw(SegmentRef segment) {
        long z = salt ^ (segment.rendition().hashCode() * 0x9E3779B97F4A7C15L) ^ (segment.seq() * 0xC2B2AE3D27D4EB4FL);
        // SplitMix64 finaliser: spreads nearby seq numbers over the whole range.
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
