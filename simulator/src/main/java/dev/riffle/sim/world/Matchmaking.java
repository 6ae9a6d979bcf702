package dev.riffle.sim.world;

import dev.riffle.sim.engine.EventQueue;
import dev.riffle.tracker.matching.Candidates;
import dev.riffle.tracker.matching.PeerEntry;
import dev.riffle.tracker.matching.PeerRanker;
import dev.riffle.tracker.matching.RankedPeer;
import dev.riffle.tracker.matching.RankingPolicy;
import dev.riffle.tracker.matching.SegmentRanges;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tracker's side: an announce draws a sample of the swarm (as the store does for large swarms), ranks it with the
 * production {@link PeerRanker}, and the viewer then opens data channels to the ranked peers in order, while both have
 * a free connection slot and their NATs allow it.
 */
final class Matchmaking {
    /** The tracker's defaults (TrackerConfig.Matching): 30 peers per answer from a pool of 300. */
    static final RankingPolicy POLICY = new RankingPolicy(30, 3, 10, 0.35, 1_000_000, Duration.ofSeconds(120));

    static final int CANDIDATE_POOL = 300;
    /** How long a peer's announced figures are reused before they are read again. */
    private static final long ENTRY_MAX_AGE_MILLIS = 5_000;

    private final EventQueue<Runnable> queue;
    private final Network network;
    private final SplittableRandom rng;
    private final int maxPeers;
    private final Tally tally;
    private final List<Viewer> all;
    private int stamp;

    Matchmaking(
            EventQueue<Runnable> queue,
            Network network,
            SplittableRandom rng,
            int maxPeers,
            Tally tally,
            List<Viewer> all) {
        this.all = all;
        this.queue = queue;
        this.network = network;
        this.rng = rng;
        this.maxPeers = maxPeers;
        this.tally = tally;
    }

    /** Asks the tracker for peers and starts handshakes with as many as there are free slots. */
    void announce(Viewer v, long now, Runnable onConnected) {
        tally.announces++;
        if (v.neighbours.size() + v.connecting >= maxPeers) return;
        List<PeerEntry> pool = sample(v, now);
        if (pool.isEmpty()) return;
        long playhead = v.state == Viewer.State.WATCHING ? v.nextToPlay : -1;
        var me = new dev.riffle.tracker.matching.Viewer(v.id.value(), v.locality, playhead);
        List<RankedPeer> ranked =
                PeerRanker.rank(me, Candidates.of(pool), POLICY, rng, InstantSource.fixed(Instant.ofEpochMilli(now)));
        for (RankedPeer r : ranked) {
            if (v.neighbours.size() + v.connecting >= maxPeers) break;
            Viewer p = byId(r.peer().peerId());
            if (p == null || !p.present() || p.neighbours.size() + p.connecting >= maxPeers) continue;
            if (v.neighbours.contains(p) || !Network.canConnect(v, p)) continue;
            v.connecting++;
            p.connecting++;
            queue.schedule(now + network.handshakeMillis(v, p), () -> connected(v, p, onConnected));
        }
    }

    private void connected(Viewer a, Viewer b, Runnable onConnected) {
        a.connecting--;
        b.connecting--;
        if (!a.present() || !b.present() || a.neighbours.contains(b)) return;
        a.neighbours.add(b);
        b.neighbours.add(a);
        tally.connections++;
        onConnected.run();
    }

    /** Up to {@link #CANDIDATE_POOL} present members of the swarm other than {@code v}, drawn at random. */
    private List<PeerEntry> sample(Viewer v, long now) {
        var members = v.swarm.members;
        var out = new ArrayList<PeerEntry>(Math.min(members.size(), CANDIDATE_POOL));
        stamp++;
        v.sampleStamp = stamp;
        if (members.size() <= CANDIDATE_POOL + 1) {
            for (Viewer m : members) if (m != v) out.add(entry(m, now));
            return out;
        }
        for (int tries = 0; out.size() < CANDIDATE_POOL && tries < CANDIDATE_POOL * 3; tries++) {
            Viewer m = members.get(rng.nextInt(members.size()));
            if (m.sampleStamp == stamp) continue;
            m.sampleStamp = stamp;
            out.add(entry(m, now));
        }
        return out;
    }

    private Viewer byId(String id) {
        return all.get(Viewer.indexOf(id));
    }

    /** What the tracker holds for {@code m}: its announce, refreshed every few seconds. */
    private PeerEntry entry(Viewer m, long now) {
        if (m.entry == null || now - m.entryAt > ENTRY_MAX_AGE_MILLIS) {
            long uploading = m.activeUploads > 0 ? (long) m.upBytesPerSec : 0;
            long playhead = m.state == Viewer.State.WATCHING ? m.nextToPlay : -1;
            m.entry = new PeerEntry(
                    m.id.value(),
                    m.locality,
                    m.subnet,
                    (long) Math.max(1, m.upBytesPerSec),
                    uploading,
                    playhead,
                    ranges(m),
                    now);
            m.entryAt = now;
        }
        return m.entry;
    }

    /** The segments {@code m} holds as ranges, at most 64 (the announce's limit): the first runs. */
    private static SegmentRanges ranges(Viewer m) {
        var bounds = new long[128];
        int n = 0;
        for (int i = m.have.nextSetBit(0); i >= 0 && n < bounds.length; ) {
            int end = m.have.nextClearBit(i);
            bounds[n++] = i;
            bounds[n++] = end - 1;
            i = m.have.nextSetBit(end);
        }
        return n == 0 ? SegmentRanges.NONE : SegmentRanges.of(java.util.Arrays.copyOf(bounds, n));
    }
}
