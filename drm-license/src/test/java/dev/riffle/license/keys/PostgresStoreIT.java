package dev.riffle.license.keys;

import dev.riffle.license.policy.PostgresTitlePolicyStore;
import dev.riffle.license.policy.TitlePolicyStore;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postgresql.ds.PGSimpleDataSource;

/** The store contract against the real PostgreSQL at 127.0.0.1:5432 (db test), in a schema of its own. */
class PostgresStoreIT extends StoreContract {
    private static final String SCHEMA =
            "riffle_license_it_" + UUID.randomUUID().toString().substring(0, 8);
    private static PGSimpleDataSource ds;
    private static PostgresKeyStore keys;
    private static PostgresTitlePolicyStore policies;

    @BeforeAll
    static void migrate() {
        ds = new PGSimpleDataSource();
        ds.setUrl(System.getProperty("riffle.it.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
        ds.setUser(System.getProperty("riffle.it.postgres.user", "postgres"));
        ds.setCurrentSchema(SCHEMA);
        Flyway.configure()
                .dataSource(ds)
                .schemas(SCHEMA)
                .createSchemas(true)
                .load()
                .migrate();
        keys = new PostgresKeyStore(ds);
        policies = new PostgresTitlePolicyStore(ds);
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Override
    protected KeyStore keys() {
        return keys;
    }

    @Override
    protected TitlePolicyStore policies() {
        return policies;
    }
}
