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
 * title the subscriber stopped seeding is neither announced nor served. In metered mode nothing is: the agent still
 * takes segments from peers, but offers and sends none.
 */
public final class CacheSegmentProvider implements SegmentProvider {
    /** The title and rendition a swarm id stands for. */
    public record Stream(String titleId, String renditionId) {}

    private final SegmentCache cache;
    private final Map<SwarmId, Stream> swarms = new ConcurrentHashMap<>();
    private volatile boolean metered;

    public CacheSegmentProvider(SegmentCache cache) {
        this.cache = cache;
    }

    /** Metered mode on or off (the subscriber's setting). */
    public void metered(boolean on) {
        metered = on;
    }

    public boolean metered() {
        return metered;
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
        if (s == null || index < 0 || metered) return Optional.empty();
        return cache.getForPeer(new SegmentKey(s.titleId(), s.renditionId(), index));
    }

    @Override
    public BitSet segments(SwarmId swarm) {
        var bits = new BitSet();
        Stream s = swarms.get(swarm);
        if (s == null || metered || !cache.isSeeding(s.titleId())) return bits;
        for (long seq : cache.segments(s.titleId(), s.renditionId())) {
            if (seq <= Integer.MAX_VALUE) bits.set((int) seq);
        }
        return bits;
    }

    @Override
    public boolean accepts(SwarmId swarm) {
        Stream s = swarms.get(swarm);
        // Metered still takes connections: they carry what this agent downloads; it just sends nothing back.
        return s != null && cache.isSeeding(s.titleId());
    }
}
