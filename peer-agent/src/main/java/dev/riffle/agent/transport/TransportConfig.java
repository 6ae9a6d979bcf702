package dev.riffle.agent.transport;

import dev.riffle.protocol.wire.WireLimits;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Duration;
import java.util.List;

/**
 * Transport knobs, with defaults from measurements and from p2p-media-loader's field values. One knob changes with the
 * generated {@code withX} methods ({@code TransportConfigBuilder.With}), e.g. {@code withMaxConnections(10)}.
 *
 * @param iceServers STUN/TURN servers (with TURN credentials); empty for host candidates only
 * @param maxConnections peer connections per agent
 * @param uploadBytesPerSec upload cap per agent; 0 = none
 * @param uploadBurstBytes what may leave at once after a quiet period
 * @param messageBytes data-channel message size for DATA (frame header included)
 * @param highWaterBytes stop sending while the channel buffers more than this (libwebrtc closes the channel at 16 MiB)
 * @param lowWaterBytes resume sending once it has drained to this
 * @param requestIdleTimeout a request with no bytes for this long fails (and is cancelled at the peer)
 * @param helloTimeout a connection that does not finish its handshake and HELLO exchange in time is dropped
 * @param maxPendingRequests our unanswered requests per peer
 * @param maxQueuedUploads a peer's requests we hold at once; more get REJECT BUSY
 * @param maxSegmentIndex HAVE beyond this index is a protocol error (bounds the memory a peer can make us use)
 * @param maxInboundQueuedBytes received bytes waiting for the transport thread; a peer flooding past it is dropped
 * @param relayOnly privacy mode: gather and offer relay (TURN) candidates only, so peers never see this agent's host or
 *     reflexive addresses (without a TURN server it reaches no peer)
 */
@RecordBuilder
public record TransportConfig(
        List<IceServer> iceServers,
        int maxConnections,
        long uploadBytesPerSec,
        long uploadBurstBytes,
        int messageBytes,
        long highWaterBytes,
        long lowWaterBytes,
        Duration requestIdleTimeout,
        Duration helloTimeout,
        int maxPendingRequests,
        int maxQueuedUploads,
        int maxSegmentIndex,
        long maxInboundQueuedBytes,
        boolean relayOnly)
        implements TransportConfigBuilder.With {

    /** DATA frame overhead: 5 bytes of header, 13 of fixed fields. */
    public static final int DATA_OVERHEAD = 18;

    public TransportConfig {
        iceServers = List.copyOf(iceServers);
        if (maxConnections < 1 || maxPendingRequests < 1 || maxQueuedUploads < 1) {
            throw new IllegalArgumentException("caps must be >= 1");
        }
        if (messageBytes <= DATA_OVERHEAD || messageBytes > WireLimits.MAX_FRAME_BYTES) {
            throw new IllegalArgumentException("messageBytes out of range");
        }
        if (lowWaterBytes < 0 || highWaterBytes < lowWaterBytes) throw new IllegalArgumentException("bad watermarks");
        if (uploadBytesPerSec < 0 || uploadBurstBytes < messageBytes) {
            throw new IllegalArgumentException("burst must hold at least one message");
        }
    }

    public static TransportConfig defaults() {
        return new TransportConfig(
                List.of(),
                30,
                0,
                1 << 20,
                64 * 1024,
                4L << 20,
                1L << 20,
                Duration.ofSeconds(2),
                Duration.ofSeconds(15),
                8,
                8,
                1 << 20,
                16L << 20,
                false);
    }

    /** {@code withUploadBytesPerSec}: the upload cap per agent, 0 = none. */
    public TransportConfig withUploadCap(long bytesPerSec) {
        return withUploadBytesPerSec(bytesPerSec);
    }

    /** {@code withUploadBurstBytes}. */
    public TransportConfig withUploadBurst(long bytes) {
        return withUploadBurstBytes(bytes);
    }
}
