package dev.riffle.tracker.polluter;

import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** The contract against the real Redis at 127.0.0.1:6379, each test under its own key prefix, removed afterwards. */
class RedisPolluterStoreIT extends PolluterStoreContract {
    static final String URI = System.getProperty("riffle.test.redis", "redis://127.0.0.1:6379");
    private final List<PolluterStore> opened = new ArrayList<>();
    private final String prefix = "riffle-polluter-it:" + System.nanoTime() + ":";

    @Override
    PolluterStore store() {
        var s = new RedisPolluterStore(URI, prefix);
        opened.add(s);
        return s;
    }

    @AfterEach
    void close() {
        opened.forEach(PolluterStore::close);
        RedisClient client = RedisClient.create(URI);
        try (var connection = client.connect()) {
            var redis = connection.sync();
            List<String> keys = redis.keys(prefix + "*");
            if (!keys.isEmpty()) redis.del(keys.toArray(String[]::new));
        } finally {
            client.shutdown();
        }
    }
}
