package dev.riffle.tracker.matching;

import java.util.Objects;

/**
 * What a swarm knows about one peer.
 *
 * @param peerId tracker-bound peer id
 * @param locality ISP/region the tracker resolved for the peer's address
 * @param subnet the peer's IPv4 /24 or IPv6 /48, used to spread answers
 * @param uploadCapacity bytes/s the peer offers to upload; 0 = not seeding
 * @param uploading bytes/s the peer uploads right now
 * @param playhead segment index being played, -1 when unknown
 * @param have segments held
 * @param lastSeenMillis epoch millis of the last announce
 * @param behindEdgeMs live swarms: how far behind the live edge the peer plays, in ms; -1 when not live or unknown
 */
public record PeerEntry(
        String peerId,
        Locality locality,
        String subnet,
        long uploadCapacity,
        long uploading,
        long playhead,
        SegmentRanges have,
        long lastSeenMillis,
        long behindEdgeMs) {

    /** A peer of a VOD swarm (or one that did not say where it plays a live one). */
    public PeerEntry(
            String peerId,
            Locality locality,
            String subnet,
            long uploadCapacity,
            long uploading,
            long playhead,
            SegmentRanges have,
            long lastSeenMillis) {
        this(peerId, locality, subnet, uploadCapacity, uploading, playhead, have, lastSeenMillis, -1);
    }

    public PeerEntry {
        Objects.requireNonNull(peerId);
        Objects.requireNonNull(locality);
        Objects.requireNonNull(subnet);
        Objects.requireNonNull(have);
        if (uploadCapacity < 0 || uploading < 0 || playhead < -1 || behindEdgeMs < -1) {
            throw new IllegalArgumentException("negative peer figures");
        }
    }

    public long spareUpload() {
        return Math.max(0, uploadCapacity - uploading);
    }
}
