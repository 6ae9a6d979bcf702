package dev.riffle.tracker.matching;

import java.util.Objects;

/** The announcing peer, as the ranker sees it. */
public record Viewer(String peerId, Locality locality, long playhead) {
    public Viewer {
        Objects.requireNonNull(peerId);
        Objects.requireNonNull(locality);
    }
}
