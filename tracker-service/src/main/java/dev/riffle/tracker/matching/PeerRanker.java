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
 *   <li>within a tier by score = 0.6 × need + 0.4 × spare upload (capped at the reference) + {@code randomWeight} × a
 *       uniform draw (one random number per answer, mixed with each peer id, so the answer does not depend on
 *       candidate order), so no peer is everybody's first choice. Need is the share of the next {@code lookahead}
 *       segments the peer holds; for a live viewer (one that says how far behind the edge it plays) it is how close
 *       to the live edge the peer plays instead: 1 for peers level with the viewer or ahead of it, falling to 0 at
 *       {@code liveHorizonMs} further behind. Held ranges are as old as a peer's last announce, a minute on a live
 *       swarm that moves a segment a second; a position behind the edge stays true while a viewer follows;
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
        return rank(viewer, Candidates.of(candidates), policy, random, clock);
    }

    public static List<RankedPeer> rank(
            Viewer viewer, Candidates candidates, RankingPolicy policy, RandomGenerator random, InstantSource clock) {
        long now = clock.millis();
        long ttl = policy.peerTtl().toMillis();
        // One draw per answer, spread over peers by their id: each peer's random term is independent of the order the
        // store listed candidates in, without sorting them by id first (that sort was a third of an announce's CPU).
        long salt = random.nextLong();
        int size = candidates.size();
        if (size > MAX_CANDIDATES) {
            throw new IllegalArgumentException("at most " + MAX_CANDIDATES + " candidates per answer");
        }
        // Sorted as primitive keys (tier, then score descending, then the slot), not as objects through a comparator:
        // that sort and one RankedPeer per candidate were a quarter of the ranking's time. Only the chosen peers get
        // a RankedPeer, and only their entries are read: the loop below reads the candidates' columns.
        long[] keys = new long[size];
        int n = 0;
        String self = viewer.peerId();
        int selfHash = self.hashCode();
        for (int slot = 0; slot < size; slot++) {
            // the id's hash first: comparing ids would read an entry and two strings for every candidate
            boolean isSelf = candidates.idHash(slot) == selfHash
                    && candidates.get(slot).peerId().equals(self);
            if (isSelf || candidates.uploadCapacity(slot) <= 0 || now - candidates.lastSeen(slot) > ttl) {
                continue;
            }
            Tier tier = Tier.of(viewer.locality(), candidates.locality(slot));
            keys[n++] = key(tier, score(viewer, candidates, slot, policy, salt), slot);
        }
        Arrays.sort(keys, 0, n);
        breakTiesById(keys, n, candidates);
        int limit = Math.min(policy.limit(), n);
        List<RankedPeer> answer = new ArrayList<>(limit);
        SubnetCap cap = new SubnetCap(limit, policy.maxPerSubnet());
        for (int i = 0; i < n && answer.size() < limit; i++) {
            int slot = (int) (keys[i] & SLOT_MASK);
            PeerEntry peer = candidates.get(slot);
            if (cap.admit(peer.subnet())) {
                Tier tier = Tier.of(viewer.locality(), candidates.locality(slot));
                answer.add(new RankedPeer(peer, tier, score(viewer, candidates, slot, policy, salt)));
            }
        }
        return answer;
    }

    private static final int SLOT_BITS = 16;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final int SCORE_BITS = 45;
    /** Most candidates one answer is chosen from (a slot must fit in {@link #SLOT_BITS}). */
    public static final int MAX_CANDIDATES = 1 << SLOT_BITS;

    /**
     * Tier in bits 61–62, then the score inverted (so higher sorts first) in the next 45 bits, then the slot. A score is
     * never negative, and the bits of a non-negative double grow with its value, so its top 45 bits (exponent and 34
     * bits of mantissa) keep the order; scores closer than that are ties, ordered by peer id afterwards.
     */
    private static long key(Tier tier, double score, int slot) {
        long descending = ((1L << SCORE_BITS) - 1) - scoreBits(score);
        return ((long) tier.ordinal() << (SCORE_BITS + SLOT_BITS)) | (descending << SLOT_BITS) | slot;
    }

    /** The score's order-keeping top bits: scores equal in these are ties (they differ by float rounding at most). */
    static long scoreBits(double score) {
        return Double.doubleToLongBits(score) >>> (63 - SCORE_BITS);
    }

    /** Equal tier and score: peer id order, so the answer does not depend on the order candidates came in. */
    private static void breakTiesById(long[] keys, int n, Candidates candidates) {
        int i = 0;
        while (i < n) {
            int j = i + 1;
            while (j < n && (keys[j] >>> SLOT_BITS) == (keys[i] >>> SLOT_BITS)) {
                j++;
            }
            if (j - i > 1) {
                Long[] run = new Long[j - i];
                for (int k = i; k < j; k++) {
                    run[k - i] = keys[k];
                }
                Arrays.sort(run, Comparator.comparing(k -> candidates
                        .get((int) (k & SLOT_MASK))
                        .peerId()));
                for (int k = i; k < j; k++) {
                    keys[k] = run[k - i];
                }
            }
            i = j;
        }
    }

    /** The score of the candidate in {@code slot}, from its columns. */
    static double score(Viewer viewer, Candidates c, int slot, RankingPolicy policy, long salt) {
        double need = 0;
        if (viewer.behindEdgeMs() >= 0) {
            long behind = c.behindEdgeMs(slot);
            if (behind >= 0) {
                long lag = Math.max(0, behind - viewer.behindEdgeMs());
                need = 1 - Math.min(1.0, (double) lag / policy.liveHorizonMs());
            }
        } else if (viewer.playhead() >= 0) {
            long from = viewer.playhead() + 1;
            long to = viewer.playhead() + policy.lookahead();
            need = (double) c.countIn(slot, from, to) / policy.lookahead();
        }
        return NEED_WEIGHT * need
                + SPARE_WEIGHT * Math.min(1.0, (double) c.spareUpload(slot) / policy.spareReference())
                + policy.randomWeight() * uniform(salt, c.idHash(slot), c.idLength(slot));
    }

    /**
     * Peers taken per /24 (or /48) so far in one answer. At most {@code limit} distinct subnets, so a linear scan is
     * cheapest.
     */
    private static final class SubnetCap {
        private final String[] subnets;
        private final int[] used;
        private final int max;
        private int distinct;

        SubnetCap(int limit, int max) {
            this.subnets = new String[limit];
            this.used = new int[limit];
            this.max = max;
        }

        boolean admit(String subnet) {
            int j = 0;
            while (j < distinct && !subnets[j].equals(subnet)) {
                j++;
            }
            if (j == distinct) {
                subnets[distinct] = subnet;
                used[distinct++] = 0;
            }
            if (used[j] < max) {
                used[j]++;
                return true;
            }
            return false;
        }
    }

    /** A uniform double in [0, 1) from the answer's salt and the peer id (SplitMix64's finaliser over both). */
    private static double uniform(long salt, int idHash, int idLength) {
        long z = salt + 0x9E3779B97F4A7C15L * (idHash + ((long) idLength << 32));
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }
}
