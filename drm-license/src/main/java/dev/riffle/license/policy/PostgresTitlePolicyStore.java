package dev.riffle.license.policy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** Title policies in PostgreSQL (table {@code title_policy}). */
public final class PostgresTitlePolicyStore implements TitlePolicyStore {
    private final DataSource ds;

    public PostgresTitlePolicyStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public void put(TitlePolicy p) {
        try (Connection con = ds.getConnection();
                PreparedStatement upsert = con.prepareStatement(
                        "insert into title_policy (title_id, required_plan, territories, available_from,"
                                + " available_until, size_bytes, updated_at) values (?, ?, ?, ?, ?, ?, now())"
                                + " on conflict (title_id) do update set required_plan = excluded.required_plan,"
                                + " territories = excluded.territories, available_from = excluded.available_from,"
                                + " available_until = excluded.available_until, size_bytes = excluded.size_bytes,"
                                + " updated_at = now()")) {
            upsert.setString(1, p.titleId());
            upsert.setString(2, p.requiredPlan().wire());
            upsert.setString(3, p.territories().stream().sorted().collect(Collectors.joining(",")));
            upsert.setTimestamp(4, p.availableFrom().map(Timestamp::from).orElse(null));
            upsert.setTimestamp(5, p.availableUntil().map(Timestamp::from).orElse(null));
            if (p.sizeBytes().isPresent()) upsert.setLong(6, p.sizeBytes().getAsLong());
            else upsert.setNull(6, Types.BIGINT);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("title_policy upsert failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public Optional<TitlePolicy> find(String titleId) {
        try (Connection con = ds.getConnection();
                PreparedStatement select = con.prepareStatement("select required_plan, territories, available_from,"
                        + " available_until, size_bytes from title_policy where title_id = ?")) {
            select.setString(1, titleId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String territories = rs.getString(2);
                Set<String> set = territories.isEmpty()
                        ? Set.of()
                        : Arrays.stream(territories.split(",")).collect(Collectors.toSet());
                return Optional.of(new TitlePolicy(
                        titleId,
                        Plan.parse(rs.getString(1)).orElseThrow(),
                        set,
                        instant(rs.getTimestamp(3)),
                        instant(rs.getTimestamp(4)),
                        size(rs.getLong(5), rs.wasNull())));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("title_policy lookup failed: " + e.getSQLState(), e);
        }
    }

    private static OptionalLong size(long value, boolean wasNull) {
        return wasNull ? OptionalLong.empty() : OptionalLong.of(value);
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }
}
