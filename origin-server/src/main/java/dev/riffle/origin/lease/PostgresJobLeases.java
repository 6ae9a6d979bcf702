package dev.riffle.origin.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@link JobLeases} in PostgreSQL, shared by every origin process that runs ingest workers. A claim picks the oldest
 * claimable row with {@code FOR UPDATE SKIP LOCKED}, so two workers claiming at once never get the same job and never
 * wait for each other; renewals and completion name the attempt they hold, so a worker whose lease was taken over
 * cannot extend or finish it. The table is created at start if missing (in the connection's current schema).
 */
public final class PostgresJobLeases implements JobLeases {
    static final String TABLE = "riffle_origin_job_leases";

    private final DataSource db;

    public PostgresJobLeases(DataSource db) {
        this.db = db;
        try (Connection c = db.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                    + "job_id text PRIMARY KEY, "
                    + "holder text, "
                    + "attempt integer NOT NULL DEFAULT 0, "
                    + "queued_at timestamptz NOT NULL, "
                    + "expires_at timestamptz NOT NULL, "
                    + "done boolean NOT NULL DEFAULT false)");
            s.execute("CREATE INDEX IF NOT EXISTS " + TABLE + "_claimable ON " + TABLE + " (queued_at) WHERE NOT done");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the job lease table: " + e.getMessage(), e);
        }
    }

    @Override
    public void enqueue(String jobId, Instant now) {
        update(
                "INSERT INTO " + TABLE
                        + " (job_id, queued_at, expires_at) VALUES (?, ?, ?) ON CONFLICT (job_id) DO NOTHING",
                jobId,
                ts(now),
                ts(now));
    }

    @Override
    public Optional<JobLease> claimNext(String holder, Duration ttl, Instant now) {
        Instant until = now.plus(ttl);
        String sql = "UPDATE " + TABLE + " l SET holder = ?, attempt = l.attempt + 1, expires_at = ? "
                + "WHERE l.job_id = (SELECT job_id FROM " + TABLE + " WHERE NOT done AND expires_at <= ? "
                + "ORDER BY queued_at, job_id LIMIT 1 FOR UPDATE SKIP LOCKED) "
                + "RETURNING l.job_id, l.attempt";
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, holder);
            ps.setObject(2, ts(until));
            ps.setObject(3, ts(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new JobLease(rs.getString(1), holder, rs.getInt(2), until));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("job lease claim failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<JobLease> renew(JobLease lease, Duration ttl, Instant now) {
        Instant until = now.plus(ttl);
        int n = update(
                "UPDATE " + TABLE + " SET expires_at = ? WHERE job_id = ? AND holder = ? AND attempt = ? AND NOT done",
                ts(until),
                lease.jobId(),
                lease.holder(),
                lease.attempt());
        return n == 1 ? Optional.of(lease.renewedUntil(until)) : Optional.empty();
    }

    @Override
    public boolean complete(JobLease lease) {
        return update(
                        "UPDATE " + TABLE
                                + " SET done = true WHERE job_id = ? AND holder = ? AND attempt = ? AND NOT done",
                        lease.jobId(),
                        lease.holder(),
                        lease.attempt())
                == 1;
    }

    /** As an offset timestamp in UTC: pgjdbc maps it to timestamptz whatever each JVM's default time zone is. */
    private static OffsetDateTime ts(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private int update(String sql, Object... args) {
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("job lease update failed: " + e.getMessage(), e);
        }
    }
}
