package dev.riffle.license.keys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Sealed keys in PostgreSQL (table {@code content_key}, Flyway migration V1). */
public final class PostgresKeyStore implements KeyStore {
    private static final String COLUMNS = "kid, title_id, label, sealed, kek_id, created_at";

    private final DataSource ds;

    public PostgresKeyStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public SealedKey putIfAbsent(SealedKey c) {
        try (Connection con = ds.getConnection()) {
            try (PreparedStatement insert = con.prepareStatement("insert into content_key (" + COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?) on conflict (title_id, label) do nothing")) {
                insert.setBytes(1, c.kid().bytes());
                insert.setString(2, c.titleId());
                insert.setString(3, c.label());
                insert.setBytes(4, c.sealed());
                insert.setString(5, c.kekId());
                insert.setTimestamp(6, Timestamp.from(c.createdAt()));
                insert.executeUpdate();
            }
            try (PreparedStatement select =
                    con.prepareStatement("select " + COLUMNS + " from content_key where title_id = ? and label = ?")) {
                select.setString(1, c.titleId());
                select.setString(2, c.label());
                return one(select).orElseThrow(() -> new IllegalStateException("key vanished after insert"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("content_key insert failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public Optional<SealedKey> findByKid(Kid kid) {
        try (Connection con = ds.getConnection();
                PreparedStatement select =
                        con.prepareStatement("select " + COLUMNS + " from content_key where kid = ?")) {
            select.setBytes(1, kid.bytes());
            return one(select);
        } catch (SQLException e) {
            throw new IllegalStateException("content_key lookup failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public List<SealedKey> findByTitle(String titleId) {
        try (Connection con = ds.getConnection();
                PreparedStatement select = con.prepareStatement(
                        "select " + COLUMNS + " from content_key where title_id = ? order by created_at, label")) {
            select.setString(1, titleId);
            List<SealedKey> keys = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    keys.add(row(rs));
                }
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("content_key lookup failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public List<SealedKey> sealedUnder(Set<String> kekIds, int limit) {
        try (Connection con = ds.getConnection();
                PreparedStatement select = con.prepareStatement(
                        "select " + COLUMNS + " from content_key where kek_id = any(?) order by created_at limit ?")) {
            select.setArray(1, con.createArrayOf("varchar", kekIds.toArray()));
            select.setInt(2, limit);
            List<SealedKey> keys = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) keys.add(row(rs));
            }
            return keys;
        } catch (SQLException e) {
            throw new IllegalStateException("content_key lookup failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public boolean replace(SealedKey old, SealedKey resealed) {
        try (Connection con = ds.getConnection();
                PreparedStatement update = con.prepareStatement(
                        "update content_key set sealed = ?, kek_id = ? where kid = ? and kek_id = ?")) {
            update.setBytes(1, resealed.sealed());
            update.setString(2, resealed.kekId());
            update.setBytes(3, old.kid().bytes());
            update.setString(4, old.kekId());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("content_key reseal failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public Map<String, Long> countByKek() {
        try (Connection con = ds.getConnection();
                PreparedStatement select =
                        con.prepareStatement("select kek_id, count(*) from content_key group by kek_id");
                ResultSet rs = select.executeQuery()) {
            Map<String, Long> counts = new TreeMap<>();
            while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("content_key census failed: " + e.getSQLState(), e);
        }
    }

    private static Optional<SealedKey> one(PreparedStatement select) throws SQLException {
        try (ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static SealedKey row(ResultSet rs) throws SQLException {
        return new SealedKey(
                Kid.of(rs.getBytes(1)),
                rs.getString(2),
                rs.getString(3),
                rs.getBytes(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant());
    }
}
