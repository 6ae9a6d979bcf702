package dev.riffle.agent.session;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentSet;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletionStage;

/**
 * The fetch loop's view of its peers: one port over the transport, so the loop can be tested without sockets.
 * Implementations are thread-safe; results of requests may complete on any thread.
 */
public interface SwarmLink {

    /**
     * One connected peer of a swarm as it is now.
     *
     * @param holds segments it announced (HAVE)
     * @param claims segments it claims it will hold soon, with their hop count
     * @param rateBytesPerSec the rate it delivered our requests at; 0 = not measured yet
     * @param wants the segments its player wants now
     */
    record PeerState(
            PeerId id, SegmentSet holds, Map<Integer, Integer> claims, long rateBytesPerSec, SegmentWindow wants) {
        public PeerState {
            claims = Map.copyOf(claims);
        }
    }

    /** A request for bytes of a segment from one peer. */
    interface Transfer {
        /** The bytes once all arrived (not verified). */
        CompletionStage<byte[]> result();

        int bytesReceived();

        /** When the last bytes arrived, in milliseconds of the agent's clock (the request time before any). */
        long lastProgressMillis();

        /** The bytes received so far. */
        byte[] receivedPrefix();

        void cancel();
    }

    /** Open, not banned peers of {@code swarm}. */
    List<PeerState> peers(SwarmId swarm);

    /** Asks {@code peer} for {@code length} bytes of segment {@code seq} from {@code offset}; empty if not connected. */
    Optional<Transfer> request(SwarmId swarm, PeerId peer, int seq, int offset, int length);

    /** We hold a verified {@code seq} now: tell the swarm's peers (HAVE_ONE). */
    void have(SwarmId swarm, int seq);

    /** Which segments our player wants in {@code swarm} now ({@link SegmentWindow#NONE}: none). */
    void window(SwarmId swarm, SegmentWindow window);

    /** What we claim in {@code swarm} now: segment → hops (an empty map withdraws everything). */
    void claims(SwarmId swarm, SortedMap<Integer, Integer> claims);

    /** The peer sent bytes that failed verification: drop it and refuse it from now on. */
    void ban(PeerId peer);

    /** {@link #ban(PeerId)}, with the evidence: where there is a tracker, it is reported there. */
    default void ban(PeerId peer, BadSegment evidence) {
        ban(peer);
    }

    boolean isBanned(PeerId peer);
}
