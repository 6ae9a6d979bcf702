package dev.riffle.license.session;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The session contract against the real Redis at 127.0.0.1:6379, under a prefix of its own. */
class RedisSessionStoreIT extends SessionStoreContract {
    private static RedisSessionStore store;

    @BeforeAll
    static void connect() {
        store = new RedisSessionStore(
                System.getProperty("riffle.it.redis.uri", "redis://127.0.0.1:6379"),
                "riffle-it:" + UUID.randomUUID() + ":");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected SessionStore store() {
        return store;
    }
}
