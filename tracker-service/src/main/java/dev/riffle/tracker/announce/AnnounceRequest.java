package dev.riffle.tracker.announce;

import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.SegmentRanges;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed, validated announce.
 *
 * @param event what happened
 * @param peerId the peer id the agent uses, if it sent one (it must belong to the caller)
 * @param uploadCapacity bytes/s the agent offers to upload (0 = not seeding)
 * @param uploading bytes/s it uploads right now
 * @param numWant peers wanted per swarm, if the agent asked for fewer than the default
 * @param swarms the swarms watched
 * @param claim the locality the agent claims; used only when configuration trusts clients
 */
public record AnnounceRequest(
        Event event,
        Optional<String> peerId,
        long uploadCapacity,
        long uploading,
        OptionalInt numWant,
        List<SwarmState> swarms,
        Optional<Locality> claim) {

    public enum Event {
        STARTED,
        UPDATE,
        STOPPED
    }

    /**
     * The agent's state in one swarm: playhead segment index (-1 unknown), held segments, and on a live swarm how far
     * behind the live edge it plays in ms (-1 when not live or not said).
     */
    public record SwarmState(String id, long playhead, SegmentRanges have, long behindEdgeMs) {
        public SwarmState(String id, long playhead, SegmentRanges have) {
            this(id, playhead, have, -1);
        }
    }

    public AnnounceRequest {
        swarms = List.copyOf(swarms);
    }
}
