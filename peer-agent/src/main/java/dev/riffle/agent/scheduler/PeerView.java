package dev.riffle.agent.scheduler;

import java.util.Objects;
import java.util.Set;

/**
 * What this agent knows about one connected peer: the segments it announced, whether the tracker matched it to our ISP,
 * and the download rate we measured from it (0 = not measured yet).
 */
public record PeerView(PeerId id, boolean sameIsp, long rateBytesPerSec, Set<SegmentRef> holds) {
    public PeerView {
        Objects.requireNonNull(id, "id");
        if (rateBytesPerSec < 0) throw new IllegalArgumentException("rate < 0");
        holds = Set.copyOf(holds);
    }
}
