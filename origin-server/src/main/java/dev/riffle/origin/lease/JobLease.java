package dev.riffle.origin.lease;

import java.time.Instant;
import java.util.Objects;

/**
 * One worker's claim on one ingest job until {@code expiresAt}. {@code attempt} counts claims of the job (1 = first);
 * it is also the fencing token: a renewal or completion by a holder whose lease was taken over names an older attempt
 * and is refused.
 */
public record JobLease(String jobId, String holder, int attempt, Instant expiresAt) {
    public JobLease {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (attempt < 1) throw new IllegalArgumentException("attempt < 1");
    }

    public JobLease renewedUntil(Instant until) {
        return new JobLease(jobId, holder, attempt, until);
    }
}
