package dev.riffle.agent.session;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.Objects;

/**
 * The evidence against a peer that sent a segment failing the signed manifest's hash: reported to the tracker with the
 * ban, so that the peer stops being handed out once enough accounts agree.
 *
 * @param expected the SHA-256 the manifest lists
 * @param received the SHA-256 of the bytes that arrived
 */
public record BadSegment(SwarmId swarm, long segment, Sha256 expected, Sha256 received) {
    public BadSegment {
        Objects.requireNonNull(swarm, "swarm");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(received, "received");
        if (segment < 0) throw new IllegalArgumentException("segment < 0");
    }
}
