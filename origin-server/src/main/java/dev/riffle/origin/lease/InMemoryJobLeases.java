package dev.riffle.origin.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link JobLeases} for one origin process (the single-machine default): the queue lives in this JVM. */
public final class InMemoryJobLeases implements JobLeases {
    private record Row(String jobId, long seq, String holder, int attempt, Instant expiresAt, boolean done) {}

    private final Map<String, Row> rows = new HashMap<>();
    private long seq;

    @Override
    public synchronized void enqueue(String jobId, Instant now) {
        rows.putIfAbsent(jobId, new Row(jobId, seq++, null, 0, now, false));
    }

    @Override
    public synchronized Optional<JobLease> claimNext(String holder, Duration ttl, Instant now) {
        Optional<Row> next = rows.values().stream()
                .filter(r -> !r.done() && !r.expiresAt().isAfter(now))
                .min(Comparator.comparingLong(Row::seq));
        return next.map(r -> {
            Row claimed = new Row(r.jobId(), r.seq(), holder, r.attempt() + 1, now.plus(ttl), false);
            rows.put(r.jobId(), claimed);
            return new JobLease(r.jobId(), holder, claimed.attempt(), claimed.expiresAt());
        });
    }

    @Override
    public synchronized Optional<JobLease> renew(JobLease lease, Duration ttl, Instant now) {
        Row r = rows.get(lease.jobId());
        if (!holds(r, lease)) return Optional.empty();
        rows.put(r.jobId(), new Row(r.jobId(), r.seq(), r.holder(), r.attempt(), now.plus(ttl), false));
        return Optional.of(lease.renewedUntil(now.plus(ttl)));
    }

    @Override
    public synchronized boolean complete(JobLease lease) {
        Row r = rows.get(lease.jobId());
        if (!holds(r, lease)) return false;
        rows.put(r.jobId(), new Row(r.jobId(), r.seq(), r.holder(), r.attempt(), r.expiresAt(), true));
        return true;
    }

    private static boolean holds(Row r, JobLease lease) {
        return r != null && !r.done() && lease.holder().equals(r.holder()) && r.attempt() == lease.attempt();
    }
}
