package dev.riffle.origin.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rules every {@link JobLeases} keeps, run against the in-memory queue and against PostgreSQL. */
abstract class JobLeasesContract {
    static final Duration TTL = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2026-12-07T09:00:00Z");

    /** Two views of one queue, as two origin processes have. */
    abstract JobLeases first();

    abstract JobLeases second();

    @Test
    void aQueuedJobIsClaimedByOneHolderOnlyAndInQueueOrder() {
        first().enqueue("job-a", T0);
        first().enqueue("job-b", T0.plusMillis(1));
        first().enqueue("job-a", T0.plusMillis(2)); // queued twice: still one job

        JobLease a = first().claimNext("one", TTL, T0.plusSeconds(1)).orElseThrow();
        JobLease b = second().claimNext("two", TTL, T0.plusSeconds(1)).orElseThrow();

        assertThat(a.jobId()).isEqualTo("job-a");
        assertThat(b.jobId()).isEqualTo("job-b");
        assertThat(a.attempt()).isEqualTo(1);
        assertThat(second().claimNext("two", TTL, T0.plusSeconds(2))).isEmpty();
    }

    @Test
    void aHolderThatStopsRenewingLosesTheJobToTheNextClaimAndCannotFinishIt() {
        first().enqueue("job-c", T0);
        JobLease dead = first().claimNext("dead", TTL, T0).orElseThrow();
        JobLease renewed = first().renew(dead, TTL, T0.plusSeconds(10)).orElseThrow();
        assertThat(second().claimNext("alive", TTL, T0.plusSeconds(39)))
                .as("renewed until +40 s")
                .isEmpty();

        JobLease taken = second().claimNext("alive", TTL, T0.plusSeconds(40)).orElseThrow();

        assertThat(taken.jobId()).isEqualTo("job-c");
        assertThat(taken.attempt()).isEqualTo(2);
        assertThat(first().renew(renewed, TTL, T0.plusSeconds(41)))
                .as("the dead holder's renewal")
                .isEmpty();
        assertThat(first().complete(renewed)).as("the dead holder's completion").isFalse();
        assertThat(second().complete(taken)).isTrue();
        assertThat(first().claimNext("dead", TTL, T0.plusSeconds(500)))
                .as("a finished job")
                .isEmpty();
    }

    @Test
    void aFinishedJobIsNeverClaimedAgainEvenWhenQueuedAgain() {
        first().enqueue("job-d", T0);
        JobLease l = first().claimNext("one", TTL, T0).orElseThrow();
        assertThat(first().complete(l)).isTrue();
        assertThat(first().complete(l)).as("twice").isFalse();
        second().enqueue("job-d", T0.plusSeconds(1));
        assertThat(second().claimNext("two", TTL, T0.plusSeconds(100))).isEmpty();
    }
}
