package dev.riffle.agent.scheduler;

import java.util.Objects;

/** A segment the player will need, not yet in the cache, with the instant playback reaches it. */
public record Wanted(SegmentRef segment, long sizeBytes, long deadlineMillis) {
    public Wanted {
        Objects.requireNonNull(segment, "segment");
        if (sizeBytes <= 0) throw new IllegalArgumentException("sizeBytes <= 0");
    }
}
