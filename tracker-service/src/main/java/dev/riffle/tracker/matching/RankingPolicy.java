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
 * @param liveHorizonMs live swarms: a candidate this much further behind the edge than the viewer no longer counts as
 *     holding what it needs next
 */
public record RankingPolicy(
        int limit,
        int maxPerSubnet,
        int lookahead,
        double randomWeight,
        long spareReference,
        Duration peerTtl,
        long liveHorizonMs) {

    /** The default live horizon: about five two-second segments. */
    public static final long DEFAULT_LIVE_HORIZON_MS = 10_000;

    public RankingPolicy(
            int limit, int maxPerSubnet, int lookahead, double randomWeight, long spareReference, Duration peerTtl) {
        this(limit, maxPerSubnet, lookahead, randomWeight, spareReference, peerTtl, DEFAULT_LIVE_HORIZON_MS);
    }

    /** The same policy with another answer size. */
    public RankingPolicy withLimit(int limit) {
        return new RankingPolicy(limit, maxPerSubnet, lookahead, randomWeight, spareReference, peerTtl, liveHorizonMs);
    }

    public RankingPolicy {
        if (limit < 0
                || maxPerSubnet < 1
                || lookahead < 1
                || randomWeight < 0
                || spareReference < 1
                || liveHorizonMs < 1) {
            throw new IllegalArgumentException("bad ranking policy");
        }
    }
}
