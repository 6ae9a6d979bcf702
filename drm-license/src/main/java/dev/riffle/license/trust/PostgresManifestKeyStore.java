package dev.riffle.license.trust;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The key set in PostgreSQL (table {@code manifest_keys}, one row; Flyway migration V3). */
public final class PostgresManifestKeyStore implements ManifestKeyStore {
    private final DataSource ds;

    public PostgresManifestKeyStore(DataSource ds) {
        this.ds = ds;
    }

    @Override
    public Optional<byte[]> get() {
        try (Connection con = ds.getConnection();
                PreparedStatement select = con.prepareStatement("select jwks from manifest_keys where id = 1");
                ResultSet rs = select.executeQuery()) {
            return rs.next() ? Optional.of(rs.getString(1).getBytes(StandardCharsets.UTF_8)) : Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("manifest_keys lookup failed: " + e.getSQLState(), e);
        }
    }

    @Override
    public void put(byte[] jwks) {
        try (Connection con = ds.getConnection();
                PreparedStatement upsert = con.prepareStatement("insert into manifest_keys (id, jwks, updated_at)"
                        + " values (1, ?, now()) on conflict (id) do update set jwks = excluded.jwks,"
                        + " updated_at = now()")) {
            upsert.setString(1, new String(jwks, StandardCharsets.UTF_8));
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("manifest_keys upsert failed: " + e.getSQLState(), e);
        }
    }
}
