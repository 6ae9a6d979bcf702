package dev.riffle.agent.transport;

import dev.riffle.protocol.wire.WireEncoder;
import dev.riffle.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What one session sends: control frames first, then DATA for queued uploads, while the channel's buffer stays under
 * the high-water mark and the agent's upload bucket has tokens. Transport thread only.
 */
final class Outbox {
    private record Upload(int requestId, byte[] data, int[] position, int end) {}

    private final FrameChannel channel;
    private final TokenBucket bucket;
    private final ScheduledExecutorService io;
    private final LongSupplier nanos;
    private final TransportConfig config;
    private final WireEncoder encoder = WireEncoder.withDefaults();
    private final ArrayDeque<byte[]> control = new ArrayDeque<>();
    private final ArrayDeque<Upload> uploads = new ArrayDeque<>();
    /** Reused for every DATA frame: the channel copies before send returns. */
    private final ByteBuffer scratch;

    private boolean closed;
    private boolean pumpScheduled;
    private long buffered;
    private long sentSinceCheck;
    private volatile long bytesUploaded;

    Outbox(
            FrameChannel channel,
            TokenBucket bucket,
            ScheduledExecutorService io,
            LongSupplier nanos,
            TransportConfig config) {
        this.channel = channel;
        this.bucket = bucket;
        this.io = io;
        this.nanos = nanos;
        this.config = config;
        this.scratch = ByteBuffer.allocateDirect(config.messageBytes());
    }

    void send(WireMessage m) {
        if (closed) return;
        control.add(encoder.encode(m));
        pump();
    }

    void upload(int requestId, byte[] data, int offset, int length) {
        uploads.add(new Upload(requestId, data, new int[] {offset}, offset + length));
        pump();
    }

    void cancelUpload(int requestId) {
        uploads.removeIf(u -> u.requestId() == requestId);
    }

    int queuedUploads() {
        return uploads.size();
    }

    long bytesUploaded() {
        return bytesUploaded;
    }

    /** Drops everything queued; a last frame (BYE) may still be sent with {@link #sendLast}. */
    void clear() {
        control.clear();
        uploads.clear();
    }

    void sendLast(WireMessage m) {
        clear();
        send(m);
        closed = true;
    }

    void close() {
        closed = true;
        clear();
    }

    void pump() {
        while (!closed || !control.isEmpty()) {
            // Asking libwebrtc for the buffered amount is a blocking hop to its thread: estimate from what we sent
            // and ask only when the estimate nears the mark.
            if (buffered + sentSinceCheck > config.highWaterBytes() - config.messageBytes()) {
                buffered = channel.bufferedAmount();
                sentSinceCheck = 0;
                if (buffered > config.highWaterBytes() - config.messageBytes()) {
                    channel.requestDrainNotice(this::pump);
                    return;
                }
            }
            byte[] frame = control.poll();
            if (frame != null) {
                channel.send(ByteBuffer.wrap(frame));
                sentSinceCheck += frame.length;
                continue;
            }
            if (closed) return;
            Upload u = uploads.peek();
            if (u == null) return;
            int position = u.position()[0];
            int n = Math.min(config.messageBytes() - TransportConfig.DATA_OVERHEAD, u.end() - position);
            if (!takeTokens(n + TransportConfig.DATA_OVERHEAD)) return;
            scratch.clear();
            int len = encoder.encodeData(u.requestId(), position, ByteBuffer.wrap(u.data(), position, n), scratch);
            // A slice, not limit(): webrtc-java sends a direct buffer's whole capacity.
            channel.send(scratch.slice(0, len));
            sentSinceCheck += len;
            u.position()[0] = position + n;
            bytesUploaded += n;
            if (position + n == u.end()) uploads.poll();
        }
    }

    /** Takes tokens for one frame, or schedules the pump for when they will be there. */
    private boolean takeTokens(int frameBytes) {
        long now = nanos.getAsLong();
        if (bucket.tryTake(frameBytes, now)) return true;
        if (!pumpScheduled) {
            pumpScheduled = true;
            long wait = Math.max(bucket.nanosUntil(frameBytes, now), 100_000);
            io.schedule(
                    () -> {
                        pumpScheduled = false;
                        pump();
                    },
                    wait,
                    TimeUnit.NANOSECONDS);
        }
        return false;
    }
}
