package dev.riffle.tracker.matching;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Chooses the peers a viewer gets in an announce answer. Pure: the same inputs, seed and clock give the same answer,
 * whatever order the candidates arrive in.
 *
 * <ol>
 *   <li>drop the viewer itself, peers that do not seed (no upload capacity) and peers silent for longer than the TTL;
 *   <li>order by {@link Tier} (same ISP and region, then same country, then others);
 *   <li>within a tier by score = 0.6 × share of the next {@code lookahead} segments held + 0.4 × spare upload (capped at
 *       the reference) + {@code randomWeight} × a uniform draw (one random number per answer, mixed with each peer
 *       id, so the answer does not depend on candidate order), so no peer is everybody's first choice;
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
        // One draw per answer, spread over peers by their id: each peer's random term is independent of the order the
        // store listed candidates in, without sorting them by id first (that sort was a third of an announce's CPU).
        long salt = random.nextLong();
        RankedPeer[] scored = new RankedPeer[candidates.size()];
        int n = 0;
        String self = viewer.peerId();
        int selfHash = self.hashCode();
        for (PeerEntry p : candidates) {
            // the cached hash first: String.equals would read both byte arrays for every candidate
            boolean isSelf = p.peerId().hashCode() == selfHash && p.peerId().equals(self);
            if (isSelf || p.uploadCapacity() <= 0 || now - p.lastSeenMillis() > ttl) {
                continue;
            }
            Tier tier = Tier.of(viewer.locality(), p.locality());
            double score = NEED_WEIGHT * need(viewer, p, policy.lookahead())
                    + SPARE_WEIGHT * Math.min(1.0, (double) p.spareUpload() / policy.spareReference())
                    + policy.randomWeight() * uniform(salt, p.peerId());
            scored[n++] = new RankedPeer(p, tier, score);
        }
        Arrays.sort(scored, 0, n, BEST_FIRST);
        int limit = Math.min(policy.limit(), n);
        List<RankedPeer> answer = new ArrayList<>(limit);
        // Subnets already used in this answer, with counts: at most `limit` distinct ones, so a linear scan is
        // cheapest.
        String[] subnets = new String[limit];
        int[] used = new int[limit];
        int distinct = 0;
        for (int i = 0; i < n && answer.size() < limit; i++) {
            RankedPeer r = scored[i];
            String subnet = r.peer().subnet();
            int j = 0;
            while (j < distinct && !subnets[j].equals(subnet)) {
                j++;
            }
            if (j == distinct) {
                subnets[distinct] = subnet;
                used[distinct++] = 0;
            }
            if (used[j] < policy.maxPerSubnet()) {
                used[j]++;
                answer.add(r);
            }
        }
        return answer;
    }

    /** Tier first, then higher score, then peer id (ties are practically impossible, but the order must be total). */
    private static final Comparator<RankedPeer> BEST_FIRST = (a, b) -> {
        int c = Integer.compare(a.tier().ordinal(), b.tier().ordinal());
        if (c != 0) {
            return c;
        }
        c = Double.compare(b.score(), a.score());
        return c != 0 ? c : a.peer().peerId().compareTo(b.peer().peerId());
    };

    /** A uniform double in [0, 1) from the answer's salt and the peer id (SplitMix64's finaliser over both). */
    static double uniform(long salt, String peerId) {
        long z = salt + 0x9E3779B97F4A7C15L * (peerId.hashCode() + ((long) peerId.length() << 32));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
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
