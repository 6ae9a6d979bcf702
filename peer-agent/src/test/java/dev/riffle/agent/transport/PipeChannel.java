package dev.riffle.agent.transport;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;

/** An in-memory channel end: records what is sent and, if connected, delivers it to the other session. */
final class PipeChannel implements FrameChannel {
    final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final ExecutorService ownIo;
    volatile PeerSession peer;
    volatile ExecutorService peerIo;
    volatile boolean closed;

    PipeChannel(ExecutorService ownIo) {
        this.ownIo = ownIo;
    }

    @Override
    public long bufferedAmount() {
        return 0;
    }

    @Override
    public void send(ByteBuffer message) {
        if (closed) return;
        byte[] copy = new byte[message.remaining()];
        message.duplicate().get(copy);
        sent.add(copy);
        var p = peer;
        if (p != null) peerIo.execute(() -> p.onMessage(copy));
    }

    @Override
    public void requestDrainNotice(Runnable onDrained) {
        ownIo.execute(onDrained);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        var p = peer;
        if (p != null) peerIo.execute(p::onChannelClosed);
    }
}
