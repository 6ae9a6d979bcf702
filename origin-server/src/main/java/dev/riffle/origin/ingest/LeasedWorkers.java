package dev.riffle.origin.ingest;

import dev.riffle.origin.lease.JobLease;
import dev.riffle.origin.lease.JobLeases;
import dev.riffle.origin.store.Ids;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * This process's ingest workers as lease holders: each free worker claims the oldest job nobody holds, renews its lease
 * every third of the time-to-live while the job runs, and marks it done afterwards. Idle workers look again every
 * {@code poll}, which is how a dead worker's job (its lease expired) is found. What a job is, is {@code work}'s
 * business.
 */
final class LeasedWorkers {
    private static final Logger LOG = Logger.getLogger(LeasedWorkers.class);

    private final JobLeases leases;
    private final InstantSource clock;
    private final Duration ttl;
    private final Duration poll;
    private final int slots;
    private final Consumer<JobLease> work;
    /** Host, pid and a random part, so a restarted process is a new holder. */
    private final String holder;
    /** Workers claiming or running a job; at most {@link #slots}. */
    private final AtomicInteger busy = new AtomicInteger();

    private final ExecutorService workers;
    private final ScheduledExecutorService timer;
    private volatile boolean stopping;

    LeasedWorkers(
            JobLeases leases, InstantSource clock, Duration ttl, Duration poll, int slots, Consumer<JobLease> work) {
        this.leases = leases;
        this.clock = clock;
        this.ttl = ttl;
        this.poll = poll;
        this.slots = Math.max(1, slots);
        this.work = work;
        String host = System.getenv("HOSTNAME");
        this.holder = ProcessHandle.current().pid() + "@" + (host == null || host.isBlank() ? "origin" : host) + "/"
                + Ids.newId();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ingest-lease"));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(this.slots, r -> daemon(r, "ingest-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts looking for jobs every {@code poll}. */
    void start() {
        timer.scheduleWithFixedDelay(this::dispatch, 0, poll.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Fills free worker slots with claims on the queue. */
    void dispatch() {
        if (stopping) return;
        for (int free = busy.get(); free < slots; free = busy.get()) {
            if (busy.compareAndSet(free, free + 1)) workers.submit(this::claimAndRun);
        }
    }

    /** Interrupts running jobs; their leases are left to expire, so another process takes them over. */
    void stop() {
        stopping = true;
        timer.shutdownNow();
        workers.shutdownNow();
    }

    private void claimAndRun() {
        try {
            Optional<JobLease> claimed;
            while (!stopping && (claimed = leases.claimNext(holder, ttl, clock.instant())).isPresent()) {
                runHeld(claimed.get());
            }
        } catch (RuntimeException e) {
            LOG.warnf("ingest queue unavailable: %s", e.getMessage());
        } finally {
            busy.decrementAndGet();
        }
    }

    private void runHeld(JobLease lease) {
        AtomicReference<JobLease> held = new AtomicReference<>(lease);
        long every = Math.max(1, ttl.toMillis() / 3);
        ScheduledFuture<?> renewal = timer.scheduleAtFixedRate(() -> renew(held), every, every, TimeUnit.MILLISECONDS);
        try {
            work.accept(lease);
        } finally {
            renewal.cancel(false);
            if (!stopping) leases.complete(held.get());
        }
    }

    private void renew(AtomicReference<JobLease> held) {
        String job = held.get().jobId();
        try {
            leases.renew(held.get(), ttl, clock.instant())
                    .ifPresentOrElse(held::set, () -> LOG.warnf("lost the lease on job %s to another worker", job));
        } catch (RuntimeException e) {
            LOG.warnf("cannot renew the lease on job %s: %s", job, e.getMessage());
        }
    }
}
