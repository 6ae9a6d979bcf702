package dev.riffle.agent.transport;

import dev.riffle.protocol.wire.ByeReason;

/** Session events, delivered on the transport thread. */
public interface SessionListener {
    default void onReady(PeerSession session) {}

    /** The peer announced more segments ({@link PeerSession#has}). */
    default void onHave(PeerSession session) {}

    /**
     * @param hostile the peer broke the protocol (or was banned for bad data); it should not be let back in
     */
    default void onClosed(PeerSession session, ByeReason reason, boolean hostile) {}
}
