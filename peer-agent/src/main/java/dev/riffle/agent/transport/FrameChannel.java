package dev.riffle.agent.transport;

import java.nio.ByteBuffer;

/** A reliable, ordered, message-oriented channel to one peer: a WebRTC data channel, or a fake in tests. */
public interface FrameChannel {
    /** Bytes queued by {@link #send} and not yet handed to the network. */
    long bufferedAmount();

    /**
     * Sends {@code message} (position to limit) as one channel message. The bytes are copied before this returns, so
     * the caller may reuse the buffer.
     */
    void send(ByteBuffer message);

    /**
     * Runs {@code onDrained} once, on the transport thread, when the buffered amount has fallen to the low-water mark
     * (at once if it already has).
     */
    void requestDrainNotice(Runnable onDrained);

    /** Closes the channel; idempotent. */
    void close();
}
