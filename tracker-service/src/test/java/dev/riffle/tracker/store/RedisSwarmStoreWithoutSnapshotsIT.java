package dev.riffle.tracker.store;

import java.time.Duration;

/** The same contract with snapshots off: every join reads its sample from Redis. */
class RedisSwarmStoreWithoutSnapshotsIT extends RedisSwarmStoreIT {

    @Override
    SwarmStore create(Duration ttl, int maxPeers) {
        return new RedisSwarmStore(URI, prefix, ttl, maxPeers, Duration.ZERO);
    }

    @Override
    boolean snapshotsOn() {
        return false;
    }
}
