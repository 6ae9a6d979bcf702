package dev.riffle.agent.scheduler;

import java.util.List;
import java.util.Objects;

/**
 * Everything the scheduler looks at in one tick, for one player session. The I/O shell builds it from the player's
 * playhead and buffer (see {@link Deadlines}), the cache, the peer sessions and its rate meters.
 *
 * @param nowMillis injected time; deadlines are in the same clock
 * @param rendition the rendition the player is on; anything in flight for another one is stale
 * @param wanted segments not cached yet, any order
 * @param swarmSize viewers of this rendition the tracker reports, including us (0 = unknown)
 * @param uploadBudgetBytes what the upload cap lets us send this tick
 * @param expectedPeers peers the tracker announced in this swarm that are not connected yet (still handshaking)
 * @param joinedAtMillis when this agent started following the rendition (same clock as {@code nowMillis})
 */
public record SchedulerInput(
        long nowMillis,
        String rendition,
        List<Wanted> wanted,
        List<PeerView> peers,
        long cdnRateBytesPerSec,
        List<InFlight> inFlight,
        int swarmSize,
        long uploadBudgetBytes,
        List<UploadRequest> uploads,
        int expectedPeers,
        long joinedAtMillis) {

    /** Without announced peers still connecting. */
    public SchedulerInput(
            long nowMillis,
            String rendition,
            List<Wanted> wanted,
            List<PeerView> peers,
            long cdnRateBytesPerSec,
            List<InFlight> inFlight,
            int swarmSize,
            long uploadBudgetBytes,
            List<UploadRequest> uploads) {
        this(
                nowMillis,
                rendition,
                wanted,
                peers,
                cdnRateBytesPerSec,
                inFlight,
                swarmSize,
                uploadBudgetBytes,
                uploads,
                0,
                nowMillis);
    }

    public SchedulerInput {
        Objects.requireNonNull(rendition, "rendition");
        wanted = List.copyOf(wanted);
        peers = List.copyOf(peers);
        inFlight = List.copyOf(inFlight);
        uploads = List.copyOf(uploads);
        if (cdnRateBytesPerSec <= 0) throw new IllegalArgumentException("cdn rate <= 0");
        if (swarmSize < 0 || uploadBudgetBytes < 0 || expectedPeers < 0) throw new IllegalArgumentException("negative");
    }
}
