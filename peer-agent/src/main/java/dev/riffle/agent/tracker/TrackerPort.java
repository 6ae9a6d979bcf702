package dev.riffle.agent.tracker;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.SwarmReports;
import dev.riffle.protocol.swarm.SwarmId;
import io.vertx.core.Future;
import java.util.List;

/** The agent as the tracker client needs it: what to announce, what to dial, and where to put the answers. */
public interface TrackerPort {

    /** The swarms the agent is in now, those it plays first (see {@link SwarmStates#of}). */
    List<SwarmState> swarms();

    long bytesUploaded();

    /**
     * Bytes/s the agent offers to upload now, as the subscriber's settings say: 0 = none (metered, so the tracker hands
     * it to nobody), {@link Long#MAX_VALUE} = no cap.
     */
    long uploadOffered();

    /** Open peer connections (the transport caps them). */
    int connectionCount();

    boolean isBanned(PeerId peer);

    /** Whether a session with {@code peer} for {@code swarm} is open. */
    boolean isConnected(PeerId peer, SwarmId swarm);

    /** Connects to a peer for one rendition of a title. */
    Future<?> connect(PeerId peer, String titleId, String renditionId);

    /** Where the tracker's answers go, for the fetch loops. */
    SwarmReports reports();
}
