package dev.riffle.agent.transport;

import dev.riffle.protocol.swarm.SwarmId;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Segments of one swarm held in memory. */
final class MapProvider implements SegmentProvider {
    final SwarmId swarm;
    final Map<Integer, byte[]> segments = new ConcurrentHashMap<>();

    MapProvider(SwarmId swarm) {
        this.swarm = swarm;
    }

    @Override
    public Optional<byte[]> segmentForPeer(SwarmId s, int index) {
        return s.equals(swarm) ? Optional.ofNullable(segments.get(index)) : Optional.empty();
    }

    @Override
    public BitSet segments(SwarmId s) {
        var bits = new BitSet();
        if (s.equals(swarm)) segments.keySet().forEach(bits::set);
        return bits;
    }

    @Override
    public boolean accepts(SwarmId s) {
        return s.equals(swarm);
    }
}
