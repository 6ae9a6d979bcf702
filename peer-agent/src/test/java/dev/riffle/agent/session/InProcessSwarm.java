package dev.riffle.agent.session;

import dev.riffle.agent.cache.SegmentCache;
import dev.riffle.agent.cache.SegmentKey;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentSet;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Agents' swarm links joined in memory, for socket-free tests of the fetch loop: each member sees the others as
 * peers — what their caches hold, the windows and claims they published — and a request to one is answered from its
 * cache after a fixed delay. A member that {@link Member#leave leaves} vanishes for everyone, its transfers failing.
 */
final class InProcessSwarm {
    private final MemoryTitle title;
    private final ScheduledExecutorService io;
    private final Map<PeerId, Member> members = new ConcurrentHashMap<>();

    InProcessSwarm(MemoryTitle title, ScheduledExecutorService io) {
        this.title = title;
        this.io = io;
    }

    Member join(PeerId id, SegmentCache cache, long transferMillis) {
        var m = new Member(id, cache, transferMillis);
        members.put(id, m);
        return m;
    }

    private String rendition(SwarmId swarm) {
        for (Rendition r : title.manifest().renditions()) {
            if (title.manifest().swarmId(r.id()).equals(swarm)) return r.id();
        }
        throw new IllegalArgumentException("no rendition for " + swarm);
    }

    final class Member implements SwarmLink {
        final PeerId id;
        final SegmentCache cache;
        final long transferMillis;
        final Map<SwarmId, SortedMap<Integer, Integer>> claims = new ConcurrentHashMap<>();
        final Map<SwarmId, SegmentWindow> windows = new ConcurrentHashMap<>();
        final Set<PeerId> banned = ConcurrentHashMap.newKeySet();
        /** Bytes the others took from this member. */
        final java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();

        private volatile boolean corrupt;
        private volatile boolean gone;

        Member(PeerId id, SegmentCache cache, long transferMillis) {
            this.id = id;
            this.cache = cache;
            this.transferMillis = transferMillis;
        }

        /** From now on this member sends bytes that fail verification. */
        void corrupt() {
            corrupt = true;
        }

        /** The member disappears: nobody sees it, its transfers fail. */
        void leave() {
            gone = true;
            members.remove(id);
        }

        @Override
        public List<PeerState> peers(SwarmId swarm) {
            String r = rendition(swarm);
            var out = new ArrayList<PeerState>();
            for (Member m : members.values()) {
                if (m == this || m.gone || banned.contains(m.id)) continue;
                var held = m.cache.isSeeding(title.manifest().titleId())
                        ? m.cache.segments(title.manifest().titleId(), r)
                        : Set.<Long>of();
                out.add(new PeerState(
                        m.id,
                        SegmentSet.of(held),
                        m.claims.getOrDefault(swarm, Collections.emptySortedMap()),
                        0,
                        m.windows.getOrDefault(swarm, SegmentWindow.NONE)));
            }
            return out;
        }

        @Override
        public Optional<Transfer> request(SwarmId swarm, PeerId peer, int seq, int offset, int length) {
            Member from = members.get(peer);
            if (from == null || from.gone) return Optional.empty();
            var result = new CompletableFuture<byte[]>();
            long started = System.currentTimeMillis();
            io.schedule(
                    () -> {
                        if (from.gone) {
                            result.completeExceptionally(new IllegalStateException("peer left"));
                            return;
                        }
                        var key = new SegmentKey(title.manifest().titleId(), rendition(swarm), seq);
                        Optional<byte[]> bytes = from.cache.getForPeer(key);
                        if (bytes.isEmpty()) {
                            result.completeExceptionally(new IllegalStateException("not held"));
                            return;
                        }
                        byte[] b = java.util.Arrays.copyOfRange(bytes.get(), offset, offset + length);
                        if (from.corrupt) b[0] ^= 1;
                        from.served.addAndGet(b.length);
                        result.complete(b);
                    },
                    from.transferMillis,
                    TimeUnit.MILLISECONDS);
            return Optional.of(new Transfer() {
                @Override
                public CompletionStage<byte[]> result() {
                    return result;
                }

                @Override
                public int bytesReceived() {
                    return result.isDone() && !result.isCompletedExceptionally() ? length : 0;
                }

                @Override
                public long lastProgressMillis() {
                    return started;
                }

                @Override
                public byte[] receivedPrefix() {
                    return new byte[0];
                }

                @Override
                public void cancel() {
                    result.completeExceptionally(new IllegalStateException("cancelled"));
                }
            });
        }

        @Override
        public void have(SwarmId swarm, int seq) {
            // the others read this member's cache directly
        }

        @Override
        public void window(SwarmId swarm, SegmentWindow window) {
            windows.put(swarm, window);
        }

        @Override
        public void claims(SwarmId swarm, SortedMap<Integer, Integer> claims) {
            this.claims.put(swarm, Collections.unmodifiableSortedMap(new TreeMap<>(claims)));
        }

        @Override
        public void ban(PeerId peer) {
            banned.add(peer);
        }

        @Override
        public boolean isBanned(PeerId peer) {
            return banned.contains(peer);
        }
    }
}
