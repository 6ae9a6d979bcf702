package dev.riffle.agent.transport;

import dev.riffle.agent.scheduler.PeerId;
import java.util.function.BiConsumer;

/**
 * The relay that carries WebRTC handshakes between agents. The tracker's WebSocket implements it in production;
 * {@link InProcessSignaling} wires agents of one JVM directly.
 */
public interface Signaling {
    /** Best-effort and asynchronous: the message may be lost, never delivered on the caller's stack. */
    void send(PeerId to, SignalMessage message);

    /** Sets the one receiver of messages addressed to this agent. */
    void receive(BiConsumer<PeerId, SignalMessage> handler);
}
