package dev.riffle.tracker.matching;

import java.time.Duration;

/**
 * Knobs of {@link PeerRanker}.
 *
 * @param limit peers per answer
 * @param maxPerSubnet peers from one /24 (or /48) per answer
 * @param lookahead segments after the playhead that count as "needed next"
 * @param randomWeight weight of the random term against need (0..1) and spare upload (0..1)
 * @param spareReference spare upload in bytes/s that scores as full
 * @param peerTtl candidates silent for longer are skipped
 */
public record RankingPolicy(
        int limit, int maxPerSubnet, int lookahead, double randomWeight, long spareReference, Duration peerTtl) {

    public RankingPolicy {
        if (limit < 0 || maxPerSubnet < 1 || lookahead < 1 || randomWeight < 0 || spareReference < 1) {
            throw new IllegalArgumentException("bad ranking policy");
        }
    }
}
