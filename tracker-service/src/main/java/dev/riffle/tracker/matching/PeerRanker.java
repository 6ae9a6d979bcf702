package dev.riffle.tracker.matching;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Chooses the peers a viewer gets in an announce answer. Pure: the same inputs, seed and clock give the same answer,
 * whatever order the candidates arrive in.
 *
 * <ol>
 *   <li>drop the viewer itself, peers that do not seed (no upload capacity) and peers silent for longer than the TTL;
 *   <li>order by {@link Tier} (same ISP and region, then same country, then others);
 *   <li>within a tier by score = 0.6 × share of the next {@code lookahead} segments held + 0.4 × spare upload (capped at
 *       the reference) + {@code randomWeight} × a uniform draw, so no peer is everybody's first choice;
 *   <li>take peers in that order, skipping any whose /24 already gave {@code maxPerSubnet} peers, up to {@code limit}.
 * </ol>
 */
public final class PeerRanker {

    private static final double NEED_WEIGHT = 0.6;
    private static final double SPARE_WEIGHT = 0.4;

    private PeerRanker() {}

    public static List<RankedPeer> rank(
            Viewer viewer,
            Collection<PeerEntry> candidates,
            RankingPolicy policy,
            RandomGenerator random,
            InstantSource clock) {
        long now = clock.millis();
        long ttl = policy.peerTtl().toMillis();
        List<PeerEntry> eligible = new ArrayList<>(candidates.size());
        for (PeerEntry p : candidates) {
            if (!p.peerId().equals(viewer.peerId()) && p.uploadCapacity() > 0 && now - p.lastSeenMillis() <= ttl) {
                eligible.add(p);
            }
        }
        // Canonical order before drawing random numbers: the answer must not depend on how the store listed peers.
        eligible.sort(Comparator.comparing(PeerEntry::peerId));
        List<RankedPeer> scored = new ArrayList<>(eligible.size());
        for (PeerEntry p : eligible) {
            Tier tier = Tier.of(viewer.locality(), p.locality());
            double score = NEED_WEIGHT * need(viewer, p, policy.lookahead())
                    + SPARE_WEIGHT * Math.min(1.0, (double) p.spareUpload() / policy.spareReference())
                    + policy.randomWeight() * random.nextDouble();
            scored.add(new RankedPeer(p, tier, score));
        }
        scored.sort(Comparator.comparing(RankedPeer::tier)
                .thenComparing(Comparator.comparingDouble(RankedPeer::score).reversed())
                .thenComparing(r -> r.peer().peerId()));
        List<RankedPeer> answer = new ArrayList<>(Math.min(policy.limit(), scored.size()));
        Map<String, Integer> perSubnet = new HashMap<>();
        for (RankedPeer r : scored) {
            if (answer.size() >= policy.limit()) {
                break;
            }
            int used = perSubnet.getOrDefault(r.peer().subnet(), 0);
            if (used < policy.maxPerSubnet()) {
                perSubnet.put(r.peer().subnet(), used + 1);
                answer.add(r);
            }
        }
        return answer;
    }

    /** Share (0..1) of the viewer's next segments the peer holds; 0 when the viewer's playhead is unknown. */
    static double need(Viewer viewer, PeerEntry peer, int lookahead) {
        if (viewer.playhead() < 0) {
            return 0;
        }
        long from = viewer.playhead() + 1;
        long to = viewer.playhead() + lookahead;
        return (double) peer.have().countIn(from, to) / lookahead;
    }
}
