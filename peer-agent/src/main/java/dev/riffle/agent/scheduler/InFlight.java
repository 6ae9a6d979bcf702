package dev.riffle.agent.scheduler;

import java.util.Objects;

/**
 * A request under way. Data channels are ordered and reliable, and HTTP bodies arrive in order, so the bytes done are
 * always the prefix {@code [offset, offset + bytesDone)} of the requested range.
 */
public record InFlight(
        SegmentRef segment,
        Source source,
        long offset,
        long length,
        long bytesDone,
        long startedAtMillis,
        long lastProgressAtMillis) {
    public InFlight {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(source, "source");
        if (offset < 0 || length <= 0 || bytesDone < 0 || bytesDone > length) {
            throw new IllegalArgumentException("bad range " + offset + "+" + bytesDone + "/" + length);
        }
    }

    public long remaining() {
        return length - bytesDone;
    }

    public boolean fromPeer() {
        return source instanceof Source.Peer;
    }
}
