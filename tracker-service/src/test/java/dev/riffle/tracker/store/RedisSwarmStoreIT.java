package dev.riffle.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract against the real Redis at 127.0.0.1:6379, each test under its own key prefix. */
class RedisSwarmStoreIT extends SwarmStoreContract {

    static final String URI = System.getProperty("riffle.test.redis", "redis://127.0.0.1:6379");
    static RedisClient admin;
    static StatefulRedisConnection<String, String> adminConnection;
    String prefix;

    @BeforeAll
    static void connect() {
        admin = RedisClient.create(URI);
        adminConnection = admin.connect();
    }

    @AfterAll
    static void disconnect() {
        adminConnection.close();
        admin.shutdown();
    }

    @BeforeEach
    void freshPrefix() {
        prefix = "riffle-test:" + UUID.randomUUID() + ":";
    }

    @AfterEach
    void cleanUp() {
        deleteAll(prefix);
    }

    static void deleteAll(String prefix) {
        List<String> keys = new ArrayList<>();
        ScanIterator<String> it = ScanIterator.scan(
                adminConnection.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        it.forEachRemaining(keys::add);
        if (!keys.isEmpty()) adminConnection.sync().del(keys.toArray(String[]::new));
    }

    @Override
    SwarmStore create(Duration ttl, int maxPeers) {
        return new RedisSwarmStore(URI, prefix, ttl, maxPeers, SNAPSHOT_AGE);
    }

    static final Duration SNAPSHOT_AGE = Duration.ofMillis(250);

    boolean snapshotsOn() {
        return true;
    }

    @Test
    void swarmKeysCarryAnExpiry() {
        SwarmStore store = store(10);
        get(store.join("s", peer("a", BERLIN, T0), true, 5, T0));
        List<String> keys = adminConnection.sync().keys(prefix + "*");
        assertThat(keys).isNotEmpty();
        for (String k : keys) {
            assertThat(adminConnection.sync().pttl(k)).as(k).isPositive().isLessThanOrEqualTo(2 * TTL.toMillis());
        }
    }

    @Test
    void twoStoreInstancesShareSwarms() {
        SwarmStore one = store(10);
        SwarmStore two = store(10);
        get(one.join("s", peer("a", BERLIN, T0), true, 5, T0));
        assertThat(ids(get(two.join("s", peer("b", BERLIN, T0), true, 5, T0)))).containsExactly("a");
    }

    @Test
    void aJoinThroughAnotherReplicaIsOfferedOnceTheSnapshotAges() {
        SwarmStore one = store(10);
        SwarmStore two = store(10);
        get(two.join("s", peer("b", BERLIN, T0), true, 5, T0));
        get(one.join("s", peer("c", BERLIN, T0 + 1), true, 5, T0 + 1));
        Optional<SwarmStore.SwarmView> soon = get(two.join("s", peer("b", BERLIN, T0 + 2), true, 5, T0 + 2));
        // the size is read on every join; the candidates come from two's snapshot, unless snapshots are off
        assertThat(soon.orElseThrow().size()).isEqualTo(2);
        assertThat(ids(soon)).isEqualTo(snapshotsOn() ? List.of() : List.of("c"));
        long later = T0 + 2 + SNAPSHOT_AGE.toMillis();
        assertThat(ids(get(two.join("s", peer("b", BERLIN, later), true, 5, later))))
                .containsExactly("c");
    }

    @Test
    void evictedPeersLeaveTheSnapshotAtOnce() {
        SwarmStore store = store(2);
        get(store.join("s", peer("a", BERLIN, T0), true, 5, T0));
        get(store.join("s", peer("b", BERLIN, T0 + 1), true, 5, T0 + 1));
        get(store.join("s", peer("c", BERLIN, T0 + 2), true, 5, T0 + 2));
        assertThat(ids(get(store.join("s", peer("b", BERLIN, T0 + 3), true, 5, T0 + 3))))
                .containsExactly("c");
    }

    @Test
    void survivesAScriptFlush() {
        SwarmStore store = store(10);
        get(store.join("s", peer("a", BERLIN, T0), true, 5, T0));
        adminConnection.sync().scriptFlush();
        assertThat(ids(get(store.join("s", peer("b", BERLIN, T0), true, 5, T0))))
                .containsExactly("a");
    }
}
