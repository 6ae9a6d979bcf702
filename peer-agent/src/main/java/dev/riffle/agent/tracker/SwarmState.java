package dev.riffle.agent.tracker;

import java.util.List;

/**
 * The agent in one swarm, as announced.
 *
 * @param id the swarm id ({@code SwarmId.hex()})
 * @param wanted the agent plays this rendition (it dials peers for it); false: it only seeds it
 * @param playhead the segment its player asked for last; -1 if it does not play it
 * @param have runs of cached segments, those ahead of the playhead first
 * @param behindEdgeMs live: how far behind the live edge it plays, in ms; -1 for VOD or when unknown
 */
public record SwarmState(
        String id,
        String titleId,
        String renditionId,
        boolean wanted,
        long playhead,
        List<HeldRanges.Range> have,
        long behindEdgeMs) {
    public SwarmState {
        have = List.copyOf(have);
    }
}
