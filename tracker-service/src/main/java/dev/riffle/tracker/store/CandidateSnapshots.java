package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.Candidates;
import dev.riffle.tracker.matching.PeerEntry;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A replica's recent copy of the candidates the Redis store sampled per swarm, ISP/region group and pool size, so that
 * most announces only write their own record to Redis instead of reading a hundred others back: reading and shipping
 * the sample was ~80 % of the join script's cost in Redis and most of the tracker's CPU per announce.
 *
 * <p>Freshness rules, all on the caller's clock:
 *
 * <ul>
 *   <li>a snapshot younger than {@code maxAgeMillis} is used as it is;
 *   <li>an older one is refreshed by exactly one caller (it gets {@code null} and runs the full script), while the
 *       others keep using it for up to another {@code maxAgeMillis}; after that everybody refreshes;
 *   <li>this replica's own writes go straight into every snapshot of their swarm (a new peer only while the snapshot
 *       is below its pool size), and leaves and evictions come out of them, so a replica always sees its own changes;
 *       changes made through other replicas show up within {@code maxAgeMillis};
 *   <li>peers silent for longer than the TTL are filtered out when read.
 * </ul>
 *
 * Bounded: at most {@code maxSwarms} swarms are kept; past that, stale swarms go, and if that is not enough, all.
 */
final class CandidateSnapshots {

    private final long maxAgeMillis;
    private final long ttlMillis;
    private final int maxSwarms;
    private final ConcurrentHashMap<String, Map<String, Snapshot>> swarms = new ConcurrentHashMap<>();

    CandidateSnapshots(long maxAgeMillis, long ttlMillis, int maxSwarms) {
        this.maxAgeMillis = maxAgeMillis;
        this.ttlMillis = ttlMillis;
        this.maxSwarms = maxSwarms;
    }

    boolean enabled() {
        return maxAgeMillis > 0;
    }

    /**
     * The candidates to answer {@code self} with, or {@code null} when the caller must run the full script and then
     * {@link #refreshed} the snapshot.
     */
    Candidates candidates(String swarm, String group, int pool, String self, long nowMillis) {
        if (!enabled()) {
            return null;
        }
        Map<String, Snapshot> bySample = swarms.get(swarm);
        Snapshot s = bySample == null ? null : bySample.get(sampleKey(group, pool));
        if (s == null) {
            return null;
        }
        long age = nowMillis - s.fetchedAt;
        if (age < 0 || age >= 2 * maxAgeMillis) {
            return null;
        }
        if (age >= maxAgeMillis && s.claimRefresh(nowMillis, maxAgeMillis)) {
            return null;
        }
        return s.live(self, nowMillis - ttlMillis);
    }

    /** Replaces a snapshot with what the full script just sampled (which may include the announcing peer). */
    void refreshed(String swarm, String group, int pool, Collection<PeerEntry> sample, long nowMillis) {
        if (!enabled()) {
            return;
        }
        if (swarms.size() >= maxSwarms && !swarms.containsKey(swarm)) {
            trim(nowMillis);
        }
        Snapshot s = new Snapshot(nowMillis, pool, sample);
        swarms.computeIfAbsent(swarm, k -> new ConcurrentHashMap<>()).put(sampleKey(group, pool), s);
    }

    /** This replica wrote {@code peer}: every snapshot of the swarm sees the new record. */
    void written(String swarm, PeerEntry peer) {
        Map<String, Snapshot> bySample = swarms.get(swarm);
        if (bySample == null) {
            return;
        }
        for (Snapshot s : bySample.values()) {
            // pool + 1: a small swarm's sample also holds the peer that asked for it
            s.put(peer, s.pool + 1);
        }
    }

    /** Peers that left or were expired or evicted in Redis. */
    void removed(String swarm, Collection<String> peerIds) {
        Map<String, Snapshot> bySample = swarms.get(swarm);
        if (bySample == null || peerIds.isEmpty()) {
            return;
        }
        for (Snapshot s : bySample.values()) {
            for (String id : peerIds) {
                s.remove(id);
            }
        }
    }

    int swarmCount() {
        return swarms.size();
    }

    private void trim(long nowMillis) {
        swarms.values().removeIf(bySample -> {
            bySample.values().removeIf(s -> nowMillis - s.fetchedAt >= 2 * maxAgeMillis);
            return bySample.isEmpty();
        });
        if (swarms.size() >= maxSwarms) {
            swarms.clear();
        }
    }

    private static String sampleKey(String group, int pool) {
        return group + "#" + pool;
    }

    /**
     * One sample, as ranking columns ({@link Candidates}) with an index by id: every announce copies the live part out,
     * and the columns let it test last-seen and id without reading each peer's entry.
     */
    private static final class Snapshot {
        final long fetchedAt;
        final int pool;
        private final Candidates peers;
        private final HashMap<String, Integer> slots;
        /** When a caller took on refreshing this snapshot; {@link #NOBODY} if nobody has. */
        final AtomicLong refreshClaimedAt = new AtomicLong(NOBODY);

        private static final long NOBODY = Long.MIN_VALUE;

        Snapshot(long fetchedAt, int pool, Collection<PeerEntry> sample) {
            this.fetchedAt = fetchedAt;
            this.pool = pool;
            this.peers = new Candidates(Math.max(pool + 1, sample.size()));
            this.slots = new HashMap<>(Math.max(pool + 1, sample.size()) * 2);
            for (PeerEntry p : sample) {
                put(p, Integer.MAX_VALUE);
            }
        }

        /** True for the one caller that should refresh; a claim older than {@code maxAge} (a failed refresh) lapses. */
        boolean claimRefresh(long nowMillis, long maxAgeMillis) {
            long claimed = refreshClaimedAt.get();
            if (claimed != NOBODY && nowMillis - claimed < maxAgeMillis) {
                return false;
            }
            return refreshClaimedAt.compareAndSet(claimed, nowMillis);
        }

        /** Replaces the peer's record, or adds it while fewer than {@code bound} peers are held. */
        synchronized void put(PeerEntry peer, int bound) {
            Integer at = slots.get(peer.peerId());
            if (at != null) {
                peers.set(at, peer, peer.locality());
            } else if (peers.size() < bound) {
                slots.put(peer.peerId(), peers.add(peer, peer.locality()));
            }
        }

        synchronized void remove(String peerId) {
            Integer at = slots.remove(peerId);
            if (at == null) {
                return;
            }
            int moved = peers.removeSwap(at);
            if (at != moved) {
                slots.put(peers.get(at).peerId(), at);
            }
        }

        /** A copy of the peers other than {@code self} seen since {@code silentBefore}. */
        synchronized Candidates live(String self, long silentBefore) {
            return peers.copyLive(self, silentBefore);
        }
    }
}
