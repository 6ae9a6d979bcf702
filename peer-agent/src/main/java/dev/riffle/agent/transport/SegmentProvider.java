package dev.riffle.agent.transport;

import dev.riffle.protocol.swarm.SwarmId;
import java.util.BitSet;
import java.util.Optional;

/** What this agent may upload: verified segments of swarms it seeds (the cache, minus titles not seeded). */
public interface SegmentProvider {
    Optional<byte[]> segmentForPeer(SwarmId swarm, int index);

    /** Segment indexes to announce in HAVE when a session opens. */
    BitSet segments(SwarmId swarm);

    /** Whether an incoming connection for {@code swarm} is welcome. */
    boolean accepts(SwarmId swarm);
}
