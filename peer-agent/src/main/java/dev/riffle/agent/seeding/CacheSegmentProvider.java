package dev.riffle.agent.seeding;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.agent.transport.SegmentProvider;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offers the verified cache to peers: swarms are registered as the agent learns titles from their manifests, and a
 * title the subscriber stopped seeding is neither announced nor served.
 */
public final class CacheSegmentProvider implements SegmentProvider {
    /** The title and rendition a swarm id stands for. */
    public record Stream(String titleId, String renditionId) {}

    private final SegmentCache cache;
    private final Map<SwarmId, Stream> swarms = new ConcurrentHashMap<>();

    public CacheSegmentProvider(SegmentCache cache) {
        this.cache = cache;
    }

    /** Joins the swarm of one rendition; returns its id. */
    public SwarmId register(String titleId, String renditionId) {
        SwarmId swarm = SwarmId.of(titleId, renditionId);
        swarms.put(swarm, new Stream(titleId, renditionId));
        return swarm;
    }

    /** The stream of a registered swarm. */
    public Optional<Stream> stream(SwarmId swarm) {
        return Optional.ofNullable(swarms.get(swarm));
    }

    @Override
    public Optional<byte[]> segmentForPeer(SwarmId swarm, int index) {
        Stream s = swarms.get(swarm);
        if (s == null || index < 0) return Optional.empty();
        return cache.getForPeer(new SegmentKey(s.titleId(), s.renditionId(), index));
    }

    @Override
    public BitSet segments(SwarmId swarm) {
        var bits = new BitSet();
        Stream s = swarms.get(swarm);
        if (s == null || !cache.isSeeding(s.titleId())) return bits;
        for (long seq : cache.segments(s.titleId(), s.renditionId())) {
            if (seq <= Integer.MAX_VALUE) bits.set((int) seq);
        }
        return bits;
    }

    @Override
    public boolean accepts(SwarmId swarm) {
        Stream s = swarms.get(swarm);
        return s != null && cache.isSeeding(s.titleId());
    }
}
