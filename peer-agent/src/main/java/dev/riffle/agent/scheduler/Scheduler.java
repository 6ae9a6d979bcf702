package dev.riffle.agent.scheduler;

/**
 * Decides, tick by tick, where each missing segment comes from. Pure: the same input gives the same decision, with no
 * clock reads and no I/O; it keeps no state between ticks, so seeks and rendition switches need no reset beyond the
 * input changing (whatever is in flight for a segment no longer wanted is cancelled).
 *
 * <p>Policy, in deadline order: drop stale requests; finish late or stalled peer transfers from the CDN with a Range
 * for the missing bytes (or retry a stalled one elsewhere when there is time); a segment a connected peer holds goes to
 * the best peer that can deliver it in time (same ISP first, then fastest, then least loaded), to the CDN only when
 * none can and it is urgent; a segment a peer claims waits for that peer's HAVE until the CDN would barely make the
 * deadline; a segment nobody holds or claims is pulled from the CDN by one agent of the swarm, chosen by {@link
 * ElectionOrder} (the others wait for its claim, with the same deadline guard). Serving peers is the transport's job
 * (FIFO within the upload cap), not the scheduler's.
 */
public final class Scheduler {
    private final SchedulerConfig config;
    private final ElectionOrder order;

    public Scheduler(SchedulerConfig config, ElectionOrder order) {
        this.config = config;
        this.order = order;
    }

    /** With rendezvous hashing as the election order, as every production agent. */
    public Scheduler(SchedulerConfig config) {
        this(config, ElectionOrder.rendezvous());
    }

    public SchedulerConfig config() {
        return config;
    }

    public ElectionOrder order() {
        return order;
    }

    public Decision decide(SchedulerInput input) {
        return new Tick(config, order, input).run();
    }
}
