package dev.riffle.agent.transport;

import java.util.concurrent.CompletableFuture;

/**
 * One REQUEST to a peer for bytes {@code [offset, offset + length)} of a segment. Progress is readable from any
 * thread, so the scheduler can see bytes done and the time of the last bytes.
 */
public final class PeerFetch {
    /** Assigned when sent, on the transport thread. */
    int requestId;

    final int segment;
    final int offset;
    final byte[] buffer;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final PeerSession session;
    private final long startedNanos;
    private volatile int received;
    private volatile long lastProgressNanos;

    PeerFetch(PeerSession session, int requestId, int segment, int offset, int length, long nowNanos) {
        this.session = session;
        this.requestId = requestId;
        this.segment = segment;
        this.offset = offset;
        this.buffer = new byte[length];
        this.startedNanos = nowNanos;
        this.lastProgressNanos = nowNanos;
    }

    long startedNanos() {
        return startedNanos;
    }

    /** The bytes when all arrived (not verified: the caller checks them against the manifest). */
    public CompletableFuture<byte[]> result() {
        return result;
    }

    public int segment() {
        return segment;
    }

    public int bytesReceived() {
        return received;
    }

    public long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** The prefix received so far (bytes {@code [offset, offset + bytesReceived())}), e.g. to finish from the CDN. */
    public byte[] receivedPrefix() {
        return java.util.Arrays.copyOf(buffer, received);
    }

    /** Sends CANCEL and fails the result with {@link PeerFetchException.Kind#CANCELLED}. */
    public void cancel() {
        session.cancel(this);
    }

    void progress(int bytes, long nowNanos) {
        received += bytes; // single writer: the transport thread
        lastProgressNanos = nowNanos;
    }

    int remaining() {
        return buffer.length - received;
    }
}
