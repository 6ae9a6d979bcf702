package dev.riffle.agent.scheduler;

import java.util.Objects;

/** A REQUEST a peer sent us, waiting for upload budget. */
public record UploadRequest(long id, PeerId peer, SegmentRef segment, long bytes) {
    public UploadRequest {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(segment, "segment");
        if (bytes <= 0) throw new IllegalArgumentException("bytes <= 0");
    }
}
