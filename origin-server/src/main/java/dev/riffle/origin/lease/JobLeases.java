package dev.riffle.origin.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The ingest queue shared by every worker that may package an upload: a job is queued once, claimed by one holder at a
 * time for a time-to-live it keeps renewing, and finished once. A holder that stops renewing (a dead process) loses the
 * job when the lease expires, and the next claim takes it over. Time is passed in.
 */
public interface JobLeases {

    /** Queues {@code jobId}, claimable from {@code now}; queuing a job that is already there changes nothing. */
    void enqueue(String jobId, Instant now);

    /** The oldest queued job that nobody holds (never claimed, or its lease expired), now held by {@code holder}. */
    Optional<JobLease> claimNext(String holder, Duration ttl, Instant now);

    /** Extends a held lease; empty when it is no longer this holder's (expired and taken over, or finished). */
    Optional<JobLease> renew(JobLease lease, Duration ttl, Instant now);

    /** Marks the job done; false when the lease is no longer this holder's, and then nothing changes. */
    boolean complete(JobLease lease);
}
