package dev.riffle.origin.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The job lease on the real PostgreSQL at 127.0.0.1:5432 (database {@code test}), in a schema of its own that is dropped
 * afterwards. Two {@link PostgresJobLeases}, each with its own connections, stand for two origin processes.
 */
class PostgresJobLeasesIT extends JobLeasesContract {
    private static final String SCHEMA =
            "riffle_origin_lease_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static PGSimpleDataSource ds;
    private static PostgresJobLeases one;
    private static PostgresJobLeases two;

    @BeforeAll
    static void connect() throws SQLException {
        ds = new PGSimpleDataSource();
        ds.setUrl(System.getProperty("riffle.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        ds.setUser(System.getProperty("riffle.it.postgres.user", "postgres"));
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("create schema " + SCHEMA);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "PostgreSQL must run at " + ds.getUrl() + " (user postgres, trust auth): " + e.getMessage(), e);
        }
        ds.setCurrentSchema(SCHEMA);
        one = new PostgresJobLeases(ds);
        PGSimpleDataSource other = new PGSimpleDataSource();
        other.setUrl(ds.getUrl());
        other.setUser(ds.getUser());
        other.setCurrentSchema(SCHEMA);
        two = new PostgresJobLeases(other);
    }

    @AfterAll
    static void drop() throws SQLException {
        if (ds == null) return;
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("delete from " + PostgresJobLeases.TABLE);
        }
    }

    @Override
    JobLeases first() {
        return one;
    }

    @Override
    JobLeases second() {
        return two;
    }

    @Test
    void workersOfTwoProcessesClaimingAtOnceNeverGetTheSameJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) one.enqueue(String.format("job-%03d", i), T0.plusMillis(i));
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger doubles = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                PostgresJobLeases leases = w % 2 == 0 ? one : two;
                String holder = (w % 2 == 0 ? "origin-1" : "origin-2") + "/worker-" + w;
                workers.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    Optional<JobLease> l;
                    // Bounded: never more claims than jobs.
                    while (n < jobs && (l = leases.claimNext(holder, TTL, T0.plusSeconds(1))).isPresent()) {
                        if (claimedBy.putIfAbsent(l.get().jobId(), holder) != null) doubles.incrementAndGet();
                        assertThat(leases.complete(l.get())).isTrue();
                        n++;
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : workers) total += f.get(60, TimeUnit.SECONDS);
            assertThat(doubles).as("jobs claimed twice").hasValue(0);
            assertThat(total).isEqualTo(jobs);
            assertThat(claimedBy).hasSize(jobs);
            assertThat(claimedBy.values().stream().map(h -> h.substring(0, 8)).distinct())
                    .as("both processes took jobs")
                    .containsExactlyInAnyOrder("origin-1", "origin-2");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeadWorkersJobIsTakenOverOnceItsLeaseExpiresAndOnlyOnce() throws Exception {
        one.enqueue("job-x", T0);
        JobLease dead = one.claimNext("origin-1", Duration.ofSeconds(30), T0).orElseThrow();
        Instant later = T0.plusSeconds(31);
        // Both survivors race for the expired lease: exactly one wins.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<JobLease>> a = pool.submit(() -> one.claimNext("origin-1b", TTL, later));
            Future<Optional<JobLease>> b = pool.submit(() -> two.claimNext("origin-2", TTL, later));
            List<JobLease> won = new ArrayList<>();
            a.get(30, TimeUnit.SECONDS).ifPresent(won::add);
            b.get(30, TimeUnit.SECONDS).ifPresent(won::add);
            assertThat(won).singleElement().satisfies(l -> {
                assertThat(l.jobId()).isEqualTo("job-x");
                assertThat(l.attempt()).isEqualTo(2);
            });
            assertThat(one.complete(dead)).isFalse();
        } finally {
            pool.shutdownNow();
        }
    }
}
