package dev.riffle.agent.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * Everything the scheduler looks at in one tick, for one rendition the player follows. The I/O shell builds it from
 * the player's inferred position (deadlines), the cache, the peer sessions, its rate meters and the tracker's answer.
 *
 * @param nowMillis injected time; deadlines are in the same clock
 * @param self this agent's peer id (it takes part in the election for new segments)
 * @param rendition the rendition the player is on; anything in flight for another one is stale
 * @param wanted segments not cached yet, any order; a deadline in the past means the player is waiting for it now
 * @param windowStartMillis when the player started wanting this stretch (joined, seeked, switched rendition)
 * @param peers connected peers of this rendition's swarm
 * @param cdnRateBytesPerSec the CDN's measured rate for one request
 * @param inFlight requests under way for this rendition type
 * @param swarmSize viewers of this rendition the tracker reports, including us (0 = unknown)
 * @param expectedPeers peers the tracker announced in this swarm that are not connected yet (still handshaking)
 */
public record SchedulerInput(
        long nowMillis,
        PeerId self,
        String rendition,
        List<Wanted> wanted,
        long windowStartMillis,
        List<PeerView> peers,
        long cdnRateBytesPerSec,
        List<InFlight> inFlight,
        int swarmSize,
        int expectedPeers) {

    public SchedulerInput {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(rendition, "rendition");
        wanted = List.copyOf(wanted);
        peers = List.copyOf(peers);
        inFlight = List.copyOf(inFlight);
        if (cdnRateBytesPerSec <= 0) throw new IllegalArgumentException("cdn rate <= 0");
        if (swarmSize < 0 || expectedPeers < 0) throw new IllegalArgumentException("negative");
    }
}
