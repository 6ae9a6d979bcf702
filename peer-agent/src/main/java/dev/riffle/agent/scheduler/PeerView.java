package dev.riffle.agent.scheduler;

import java.util.Map;
import java.util.Objects;

/**
 * What this agent knows about one connected peer of the swarm (one rendition).
 *
 * @param sameIsp the tracker matched it to our ISP and region
 * @param rateBytesPerSec the download rate we measured from it; 0 = not measured yet
 * @param holds the segments it announced (HAVE)
 * @param claims segments it says it will hold soon (it pulls them from the CDN or has been elected to), with their hop
 *     count; withdrawn claims are not listed
 * @param wants the segments its player wants now (its WINDOW)
 */
public record PeerView(
        PeerId id,
        boolean sameIsp,
        long rateBytesPerSec,
        SegmentSet holds,
        Map<Long, Integer> claims,
        SegmentWindow wants) {
    public PeerView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(holds, "holds");
        Objects.requireNonNull(wants, "wants");
        if (rateBytesPerSec < 0) throw new IllegalArgumentException("rate < 0");
        claims = Map.copyOf(claims);
    }

    /** A peer that claims and wants nothing (a seeder). */
    public PeerView(PeerId id, boolean sameIsp, long rateBytesPerSec, SegmentSet holds) {
        this(id, sameIsp, rateBytesPerSec, holds, Map.of(), SegmentWindow.NONE);
    }
}
