package dev.riffle.agent.scheduler;

/**
 * Who of a swarm pulls a segment nobody holds yet from the CDN: every agent scores every candidate for the segment the
 * same way, and the highest score goes first. Pure and identical on every agent, so agents that see the same peers agree
 * without exchanging a message.
 */
@FunctionalInterface
public interface ElectionOrder {

    /** A score in [0, 1) for {@code peer} taking {@code segment}. */
    double score(PeerId peer, SegmentRef segment);

    /**
     * Rendezvous (highest random weight) hashing of the peer id and the segment. {@link String#hashCode} is specified
     * by the language, so every agent computes the same scores.
     */
    static ElectionOrder rendezvous() {
        return (peer, segment) -> {
            long z = peer.value().hashCode() * 0x9E3779B97F4A7C15L
                    ^ segment.rendition().hashCode() * 0xC2B2AE3D27D4EB4FL
                    ^ segment.seq() * 0x165667B19E3779F9L;
            // SplitMix64 finaliser: neighbouring segments and similar ids get unrelated scores.
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            return (z >>> 11) * 0x1.0p-53;
        };
    }
}
