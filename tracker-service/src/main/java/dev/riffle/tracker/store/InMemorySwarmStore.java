package dev.riffle.tracker.store;

import dev.riffle.tracker.matching.PeerEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** One swarm: peers by id, a dense id list for O(1) random picks, and ISP/region groups. */
    private static final class Swarm {
        final Map<String, PeerEntry> peers = new HashMap<>();
        final List<String> ids = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();
        final Map<String, Set<String>> groups = new HashMap<>();
        boolean removed;

        int size() {
            return peers.size();
        }

        void put(PeerEntry p) {
            PeerEntry old = peers.put(p.peerId(), p);
            if (old == null) {
                index.put(p.peerId(), ids.size());
                ids.add(p.peerId());
            } else {
                ungroup(old);
            }
            groups.computeIfAbsent(p.locality().groupKey(), k -> new LinkedHashSet<>())
                    .add(p.peerId());
        }

        boolean remove(String peerId) {
            PeerEntry old = peers.remove(peerId);
            if (old == null) {
                return false;
            }
            ungroup(old);
            int i = index.remove(peerId);
            String last = ids.remove(ids.size() - 1);
            if (!last.equals(peerId)) {
                ids.set(i, last);
                index.put(last, i);
            }
            return true;
        }

        private void ungroup(PeerEntry p) {
            Set<String> g = groups.get(p.locality().groupKey());
            if (g != null) {
                g.remove(p.peerId());
                if (g.isEmpty()) {
                    groups.remove(p.locality().groupKey());
                }
            }
        }

        void expire(long silentBefore) {
            List<String> dead = new ArrayList<>();
            for (PeerEntry p : peers.values()) {
                if (p.lastSeenMillis() < silentBefore) {
                    dead.add(p.peerId());
                }
            }
            dead.forEach(this::remove);
        }

        String oldest() {
            PeerEntry oldest = null;
            for (PeerEntry p : peers.values()) {
                if (oldest == null || p.lastSeenMillis() < oldest.lastSeenMillis()) {
                    oldest = p;
                }
            }
            return oldest.peerId();
        }

        List<PeerEntry> sample(PeerEntry self, int pool, RandomGenerator random) {
            List<PeerEntry> out = new ArrayList<>(Math.min(pool, peers.size()));
            if (peers.size() - 1 <= pool) {
                for (PeerEntry p : peers.values()) {
                    if (!p.peerId().equals(self.peerId())) {
                        out.add(p);
                    }
                }
                return out;
            }
            Set<String> chosen = new LinkedHashSet<>();
            chosen.add(self.peerId());
            List<String> group =
                    new ArrayList<>(groups.getOrDefault(self.locality().groupKey(), Set.of()));
            for (int i = 0; i < pool / 2 && !group.isEmpty(); i++) {
                int j = random.nextInt(group.size());
                chosen.add(group.get(j));
                group.set(j, group.get(group.size() - 1));
                group.remove(group.size() - 1);
            }
            for (int tries = 0; chosen.size() - 1 < pool && tries < pool * 4; tries++) {
                chosen.add(ids.get(random.nextInt(ids.size())));
            }
            chosen.remove(self.peerId());
            for (String id : chosen) {
                out.add(peers.get(id));
            }
            return out;
        }
    }
}
