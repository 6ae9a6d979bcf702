package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.PeerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
                        Optional.of(new SwarmView(swarm.size(), swarm.sample(peer, pool, random))));
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
            PeerEntry p = swarm.peers.get(peerId);
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
     * One swarm: peers by id, the same peers ordered by last announce (so expiry and eviction look only at the
     * longest-silent ones instead of scanning the swarm on every join), and dense id lists (whole swarm and per
     * ISP/region group) for O(1) random picks when sampling a large swarm.
     */
    private static final class Swarm {
        private static final Comparator<PeerEntry> BY_LAST_SEEN = (a, b) -> {
            int c = Long.compare(a.lastSeenMillis(), b.lastSeenMillis());
            return c != 0 ? c : a.peerId().compareTo(b.peerId());
        };

        final Map<String, PeerEntry> peers = new HashMap<>();
        final TreeSet<PeerEntry> bySeen = new TreeSet<>(BY_LAST_SEEN);
        // every peer, densely: sampling walks this array instead of the HashMap's nodes (fewer cache misses)
        final DenseSet<PeerEntry> all = new DenseSet<>();
        final Map<String, DenseSet<String>> groups = new HashMap<>();
        boolean removed;

        int size() {
            return peers.size();
        }

        void put(PeerEntry p) {
            PeerEntry old = peers.put(p.peerId(), p);
            all.put(p.peerId(), p);
            if (old != null) {
                bySeen.remove(old);
                ungroup(old);
            }
            bySeen.add(p);
            groups.computeIfAbsent(p.locality().groupKey(), k -> new DenseSet<>())
                    .put(p.peerId(), p.peerId());
        }

        boolean remove(String peerId) {
            PeerEntry old = peers.remove(peerId);
            if (old == null) {
                return false;
            }
            bySeen.remove(old);
            ungroup(old);
            all.remove(peerId);
            return true;
        }

        private void ungroup(PeerEntry p) {
            DenseSet<String> g = groups.get(p.locality().groupKey());
            if (g != null) {
                g.remove(p.peerId());
                if (g.size() == 0) {
                    groups.remove(p.locality().groupKey());
                }
            }
        }

        void expire(long silentBefore) {
            while (!bySeen.isEmpty() && bySeen.first().lastSeenMillis() < silentBefore) {
                remove(bySeen.first().peerId());
            }
        }

        String oldest() {
            return bySeen.first().peerId();
        }

        List<PeerEntry> sample(PeerEntry self, int pool, RandomGenerator random) {
            List<PeerEntry> out = new ArrayList<>(Math.min(pool, peers.size()));
            if (peers.size() - 1 <= pool) {
                for (int i = 0; i < all.size(); i++) {
                    PeerEntry p = all.get(i);
                    // by identity: the swarm holds the very entry just put (comparing ids cost a miss per peer)
                    if (p != self) {
                        out.add(p);
                    }
                }
                return out;
            }
            Set<String> chosen = new LinkedHashSet<>();
            chosen.add(self.peerId());
            DenseSet<String> group = groups.get(self.locality().groupKey());
            int fromGroup = pool / 2;
            if (group != null && group.size() - 1 <= fromGroup) {
                for (int i = 0; i < group.size(); i++) {
                    chosen.add(group.get(i));
                }
            } else if (group != null) {
                for (int tries = 0; chosen.size() - 1 < fromGroup && tries < fromGroup * 4; tries++) {
                    chosen.add(group.get(random.nextInt(group.size())));
                }
            }
            for (int tries = 0; chosen.size() - 1 < pool && tries < pool * 4; tries++) {
                chosen.add(all.get(random.nextInt(all.size())).peerId());
            }
            chosen.remove(self.peerId());
            for (String id : chosen) {
                out.add(peers.get(id));
            }
            return out;
        }
    }

    /** Values by peer id with O(1) put, remove and pick-by-index (removal swaps the last value into the hole). */
    private static final class DenseSet<T> {
        private final List<T> list = new ArrayList<>();
        private final List<String> keys = new ArrayList<>();
        private final Map<String, Integer> index = new HashMap<>();

        void put(String id, T value) {
            Integer i = index.putIfAbsent(id, list.size());
            if (i == null) {
                list.add(value);
                keys.add(id);
            } else {
                list.set(i, value);
            }
        }

        void remove(String id) {
            Integer i = index.remove(id);
            if (i == null) {
                return;
            }
            int last = list.size() - 1;
            T lastValue = list.remove(last);
            String lastKey = keys.remove(last);
            if (i != last) {
                list.set(i, lastValue);
                keys.set(i, lastKey);
                index.put(lastKey, i);
            }
        }

        T get(int i) {
            return list.get(i);
        }

        int size() {
            return list.size();
        }
    }
}
