package dev.riffle.agent.seeding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.swarm.SwarmId;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheSegmentProviderTest {
    @TempDir
    Path dir;

    @Test
    void servesAndAnnouncesVerifiedSegmentsOfRegisteredSwarmsWhileSeeding() throws Exception {
        var cache = SegmentCache.open(dir, 10_000, InstantSource.system());
        byte[] seg = {1, 2, 3};
        cache.put(new SegmentKey("t1", "v720", 4), seg, 3, Sha256.of(seg));
        var provider = new CacheSegmentProvider(cache);
        SwarmId swarm = provider.register("t1", "v720");

        assertThat(provider.accepts(swarm)).isTrue();
        assertThat(provider.accepts(SwarmId.of("t1", "v1080"))).isFalse();
        assertThat(provider.segments(swarm).stream().toArray()).containsExactly(4);
        assertThat(provider.segmentForPeer(swarm, 4)).hasValue(seg);
        assertThat(provider.segmentForPeer(swarm, 5)).isEmpty();

        cache.stopSeeding("t1");
        assertThat(provider.accepts(swarm)).isFalse();
        assertThat(provider.segments(swarm).isEmpty()).isTrue();
        assertThat(provider.segmentForPeer(swarm, 4)).isEmpty();
    }

    @Test
    void meteredModeOffersAndSendsNothingButStillTakesConnections() throws Exception {
        var cache = SegmentCache.open(dir, 10_000, InstantSource.system());
        byte[] seg = {1, 2, 3};
        cache.put(new SegmentKey("t1", "v720", 4), seg, 3, Sha256.of(seg));
        var provider = new CacheSegmentProvider(cache);
        SwarmId swarm = provider.register("t1", "v720");

        provider.metered(true);
        assertThat(provider.segments(swarm).isEmpty()).isTrue();
        assertThat(provider.segmentForPeer(swarm, 4)).isEmpty();
        assertThat(provider.accepts(swarm)).isTrue();

        provider.metered(false);
        assertThat(provider.segmentForPeer(swarm, 4)).hasValue(seg);
    }
}
