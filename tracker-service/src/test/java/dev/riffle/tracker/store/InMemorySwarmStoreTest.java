package dev.riffle.tracker.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InMemorySwarmStoreTest extends SwarmStoreContract {

    @Override
    SwarmStore create(Duration ttl, int maxPeers) {
        return new InMemorySwarmStore(ttl, maxPeers, new Random(1));
    }

    @Test
    void sweepForgetsSwarmsWhosePeersAllWentSilent() {
        InMemorySwarmStore store = new InMemorySwarmStore(TTL, 10, new Random(1));
        get(store.join("s", peer("a", BERLIN, T0), true, 5, T0));
        store.sweep(T0 + TTL.toMillis() + 1);
        assertThat(store.swarmCount()).isZero();
    }
}
