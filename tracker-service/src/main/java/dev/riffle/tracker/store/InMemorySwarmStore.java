package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.Candidates;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/** Swarms in this JVM: the single-machine default. Each swarm is guarded by its own lock. */
public final class InMemorySwarmStore implements SwarmStore {

    private final ConcurrentHashMap<String, Swarm> swarms = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxPeers;
    private final RandomGenerator random;

    /** {@code random} samples large swarms and must be thread-safe (e.g. {@link java.util.Random}). */
    public InMemorySwarmStore(Duration peerTtl, int maxPeersPerSwarm, RandomGenerator random) {
        this.ttlMillis = peerTtl.toMillis();
        this.maxPeers = maxPeersPerSwarm;
        this.random = random;
    }

    @Override
    public CompletionStage<Optional<SwarmView>> join(
            String swarmId, PeerEntry peer, boolean create, int pool, long nowMillis) {
        // silent peers are already expired; a copy, because the columns change once the lock is released
        return joinAndRead(
                swarmId,
                peer,
                create,
                pool,
                nowMillis,
                (size, candidates) -> new SwarmView(size, candidates.copyLive(peer.peerId(), Long.MIN_VALUE)));
    }

    /** Runs {@code reader} under the swarm's lock on the swarm's own columns (or on a sample of them): no copy. */
    @Override
    public <T> CompletionStage<Optional<T>> joinAndRead(
            String swarmId, PeerEntry peer, boolean create, int pool, long nowMillis, CandidateReader<T> reader) {
        while (true) {
            Swarm swarm = create ? swarms.computeIfAbsent(swarmId, k -> new Swarm()) : swarms.get(swarmId);
            if (swarm == null) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            synchronized (swarm) {
                if (swarm.removed) {
                    continue; // lost a race with the sweeper; look again
                }
                swarm.expire(nowMillis - ttlMillis);
                if (swarm.size() == 0 && !create) {
                    retire(swarmId, swarm);
                    return CompletableFuture.completedFuture(Optional.empty());
                }
                swarm.put(peer);
                while (swarm.size() > maxPeers) {
                    swarm.remove(swarm.oldest());
                }
                return CompletableFuture.completedFuture(
                        Optional.of(reader.read(swarm.size(), swarm.sample(peer, pool, random))));
            }
        }
    }

    @Override
    public CompletionStage<Boolean> leave(String swarmId, String peerId) {
        Swarm swarm = swarms.get(swarmId);
        if (swarm == null) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (swarm) {
            boolean was = swarm.remove(peerId);
            if (swarm.size() == 0) {
                retire(swarmId, swarm);
            }
            return CompletableFuture.completedFuture(was);
        }
    }

    @Override
    public CompletionStage<Boolean> contains(String swarmId, String peerId, long nowMillis) {
        Swarm swarm = swarms.get(swarmId);
        if (swarm == null) {
            return CompletableFuture.completedFuture(false);
        }
        synchronized (swarm) {
            PeerEntry p = swarm.get(peerId);
            return CompletableFuture.completedFuture(p != null && p.lastSeenMillis() >= nowMillis - ttlMillis);
        }
    }

    @Override
    public CompletionStage<Long> size(String swarmId, long nowMillis) {
        Swarm swarm = swarms.get(swarmId);
        if (swarm == null) {
            return CompletableFuture.completedFuture(0L);
        }
        synchronized (swarm) {
            swarm.expire(nowMillis - ttlMillis);
            return CompletableFuture.completedFuture((long) swarm.size());
        }
    }

    /** Drops silent peers everywhere and forgets empty swarms; call now and then. */
    public void sweep(long nowMillis) {
        for (Map.Entry<String, Swarm> e : swarms.entrySet()) {
            Swarm swarm = e.getValue();
            synchronized (swarm) {
                swarm.expire(nowMillis - ttlMillis);
                if (swarm.size() == 0) {
                    retire(e.getKey(), swarm);
                }
            }
        }
    }

    /** Swarms currently held. */
    public int swarmCount() {
        return swarms.size();
    }

    private void retire(String swarmId, Swarm swarm) {
        swarm.removed = true;
        swarms.remove(swarmId, swarm);
    }

    @Override
    public void close() {
        swarms.clear();
    }

    /**
     * One swarm. Peers by id; the same peers in order of last announce (an intrusive list, so expiry and eviction look
     * only at the longest-silent ones, and a refresh is O(1) when announces arrive in clock order); their ranking
     * columns ({@link Candidates}, copied out under the lock for the ranker); and per ISP/region group a dense list of
     * members for O(1) random picks when sampling a large swarm.
     */
    private static final class Swarm {
        final Map<String, Member> byId = new HashMap<>();
        final Candidates columns = new Candidates(16);
        // slot -> member, parallel to the columns, to re-index the member a removal moves
        final List<Member> bySlot = new ArrayList<>();
        final Map<String, Group> groups = new HashMap<>();
        Member oldest;
        Member newest;
        boolean removed;

        int size() {
            return byId.size();
        }

        PeerEntry get(String peerId) {
            Member m = byId.get(peerId);
            return m == null ? null : m.entry;
        }

        void put(PeerEntry p) {
            Member m = byId.get(p.peerId());
            if (m == null) {
                m = new Member(p);
                byId.put(p.peerId(), m);
                join(m, p.locality());
                m.slot = columns.add(p, m.group.locality);
                bySlot.add(m);
            } else {
                unlinkSeen(m);
                m.entry = p;
                // a refresh from the same place (the usual case) builds no group key
                if (!m.group.locality.equals(p.locality())) {
                    leaveGroup(m);
                    join(m, p.locality());
                }
                columns.set(m.slot, p, m.group.locality);
            }
            linkSeen(m);
        }

        boolean remove(String peerId) {
            Member m = byId.remove(peerId);
            if (m == null) {
                return false;
            }
            unlinkSeen(m);
            leaveGroup(m);
            int moved = columns.removeSwap(m.slot);
            Member last = bySlot.remove(moved);
            if (last != m) {
                bySlot.set(m.slot, last);
                last.slot = m.slot;
            }
            return true;
        }

        void expire(long silentBefore) {
            while (oldest != null && oldest.entry.lastSeenMillis() < silentBefore) {
                remove(oldest.entry.peerId());
            }
        }

        String oldest() {
            return oldest.entry.peerId();
        }

        /** Inserts by last announce, walking back from the newest (usually no step: announces come in clock order). */
        private void linkSeen(Member m) {
            Member after = newest;
            while (after != null && seenAfter(after, m)) {
                after = after.older;
            }
            m.older = after;
            m.newer = after == null ? oldest : after.newer;
            if (m.newer == null) {
                newest = m;
            } else {
                m.newer.older = m;
            }
            if (after == null) {
                oldest = m;
            } else {
                after.newer = m;
            }
        }

        /** Last announce, ties by peer id: the order the longest-silent peer is expired or evicted in. */
        private static boolean seenAfter(Member a, Member b) {
            long x = a.entry.lastSeenMillis();
            long y = b.entry.lastSeenMillis();
            return x != y ? x > y : a.entry.peerId().compareTo(b.entry.peerId()) > 0;
        }

        private void unlinkSeen(Member m) {
            if (m.older == null) {
                oldest = m.newer;
            } else {
                m.older.newer = m.newer;
            }
            if (m.newer == null) {
                newest = m.older;
            } else {
                m.newer.older = m.older;
            }
            m.older = null;
            m.newer = null;
        }

        private void join(Member m, Locality locality) {
            m.group = groups.computeIfAbsent(locality.groupKey(), k -> new Group(locality));
            m.group.add(m);
        }

        private void leaveGroup(Member m) {
            m.group.remove(m);
            if (m.group.members.isEmpty()) {
                groups.remove(m.group.key);
            }
        }

        /** The swarm's own columns when it is no larger than the pool, else a sample of other peers. */
        Candidates sample(PeerEntry self, int pool, RandomGenerator random) {
            // null when the viewer was evicted at once (a full swarm, and its clock behind everyone else's)
            Member me = byId.get(self.peerId());
            if (size() - 1 <= pool) {
                return columns; // the whole swarm, the viewer included: readers run under the lock and skip it
            }
            // chosen slots, in pick order; a small open-addressed set keeps picks distinct
            int[] slots = new int[pool];
            int count = 0;
            SlotSet seen = new SlotSet(pool * 2 + 2);
            if (me != null) {
                seen.add(me.slot);
            }
            int fromGroup = pool / 2;
            Group own = groups.get(self.locality().groupKey());
            List<Member> group = own == null ? List.of() : own.members;
            if (group.size() - 1 <= fromGroup) {
                for (Member m : group) {
                    if (seen.add(m.slot)) {
                        slots[count++] = m.slot;
                    }
                }
            } else {
                for (int tries = 0; count < fromGroup && tries < fromGroup * 4; tries++) {
                    int slot = group.get(random.nextInt(group.size())).slot;
                    if (seen.add(slot)) {
                        slots[count++] = slot;
                    }
                }
            }
            for (int tries = 0; count < pool && tries < pool * 4; tries++) {
                int slot = random.nextInt(size());
                if (seen.add(slot)) {
                    slots[count++] = slot;
                }
            }
            return columns.copyOf(slots, count);
        }
    }

    /** A peer in one swarm: its entry, its slot in the columns, its group and its place in the last-seen order. */
    private static final class Member {
        PeerEntry entry;
        int slot;
        Group group;
        int groupIndex;
        Member older;
        Member newer;

        Member(PeerEntry entry) {
            this.entry = entry;
        }
    }

    /** The members of one ISP/region group, densely (removal swaps the last member into the hole). */
    private static final class Group {
        final String key;
        // one instance for the whole group: the ranker's tier test then reads a few hot objects, not one per peer
        final Locality locality;
        final List<Member> members = new ArrayList<>();

        Group(Locality locality) {
            this.key = locality.groupKey();
            this.locality = locality;
        }

        void add(Member m) {
            m.groupIndex = members.size();
            members.add(m);
        }

        void remove(Member m) {
            Member last = members.remove(members.size() - 1);
            if (last != m) {
                members.set(m.groupIndex, last);
                last.groupIndex = m.groupIndex;
            }
        }
    }

    /** Distinct non-negative ints, open addressing; sized by the caller for the picks it will make. */
    private static final class SlotSet {
        private final int[] table;

        SlotSet(int expected) {
            table = new int[Integer.highestOneBit(Math.max(4, expected)) << 1];
            Arrays.fill(table, -1);
        }

        boolean add(int value) {
            int mask = table.length - 1;
            int i = (value * 0x9E3779B9) >>> 1 & mask;
            while (table[i] != -1) {
                if (table[i] == value) {
                    return false;
                }
                i = (i + 1) & mask;
            }
            table[i] = value;
            return true;
        }
    }
}
