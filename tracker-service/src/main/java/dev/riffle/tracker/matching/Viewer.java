package dev.riffle.tracker.matching;

import java.util.Objects;

/**
 * The announcing peer, as the ranker sees it.
 *
 * @param playhead segment index it plays, -1 when unknown
 * @param behindEdgeMs live swarms: how far behind the live edge it plays, in ms; -1 when not live or unknown
 */
public record Viewer(String peerId, Locality locality, long playhead, long behindEdgeMs) {
    /** A viewer of a VOD swarm. */
    public Viewer(String peerId, Locality locality, long playhead) {
        this(peerId, locality, playhead, -1);
    }

    public Viewer {
        Objects.requireNonNull(peerId);
        Objects.requireNonNull(locality);
    }
}
