package dev.riffle.agent.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A pure, discrete-time world around one scheduler: a player consuming segments on a fixed timeline, a CDN at a fixed
 * rate per request, and peers that may be honest, crawl, stop sending, or vanish. Measured peer rates lag reality the
 * way a real meter does: a peer that stops sending still shows its old rate.
 */
final class PlaybackSimulation {
    static final long TICK = 250;

    record Behaviour(long rate, double crawlFactor, long stallAt, long vanishAt) {}

    final long segMs = 2_000, size, cdnRate, segments;
    final Map<PeerId, Behaviour> behaviour = new HashMap<>();
    final Map<PeerId, Set<SegmentRef>> holds = new HashMap<>();
    final Set<Long> cached = new HashSet<>();
    final Map<Long, Long> arrivedAt = new HashMap<>();
    final List<InFlight> inFlight = new ArrayList<>();
    final List<String> misses = new ArrayList<>();
    long cdnBytes, peerBytes, wastedBytes;

    PlaybackSimulation(SplittableRandom r) {
        size = r.nextLong(100_000, 2_000_000);
        // The CDN alone could always deliver: a segment takes at most 400 ms, well inside the 1 s margin.
        cdnRate = size * 1000 / r.nextLong(50, 400);
        segments = 40;
        int peers = r.nextInt(0, 6);
        for (int i = 0; i < peers; i++) {
            var id = new PeerId("P" + i);
            double crawl = r.nextInt(4) == 0 ? 0.02 : 1.0;
            long stallAt = r.nextInt(4) == 0 ? r.nextLong(0, 80_000) : Long.MAX_VALUE;
            long vanishAt = r.nextInt(5) == 0 ? r.nextLong(0, 80_000) : Long.MAX_VALUE;
            behaviour.put(id, new Behaviour(r.nextLong(50_000, 6_000_000), crawl, stallAt, vanishAt));
            var h = new HashSet<SegmentRef>();
            for (long s = 0; s < segments; s++) if (r.nextInt(3) > 0) h.add(new SegmentRef("v", s));
            holds.put(id, h);
        }
    }

    long deadline(long seq) {
        return 2_000 + seq * segMs;
    }

    void run(Scheduler scheduler) {
        for (long now = 0; now <= deadline(segments - 1); now += TICK) {
            progress(now);
            for (long s = 0; s < segments; s++) {
                if (deadline(s) <= now && !cached.contains(s) && !misses.contains("" + s)) misses.add("" + s);
            }
            for (Action a : scheduler.decide(input(now)).actions()) apply(a, now);
        }
    }

    private SchedulerInput input(long now) {
        long next = 0;
        while (next < segments && deadline(next) <= now) next++;
        var wanted = next >= segments
                ? List.<Wanted>of()
                : Deadlines.ahead("v", next, deadline(next) - now, segMs, now, 24_000, segments - 1, s -> size, cached);
        var views = new ArrayList<PeerView>();
        behaviour.forEach((id, b) -> {
            if (now < b.vanishAt()) {
                var seqs = holds.get(id).stream().map(SegmentRef::seq).toList();
                views.add(new PeerView(id, false, (long) (b.rate() * measured(b, now)), SegmentSet.of(seqs)));
            }
        });
        views.sort((a, b) -> a.id().compareTo(b.id()));
        return new SchedulerInput(now, new PeerId("me"), "v", wanted, 0, views, cdnRate, inFlight, views.size() + 1, 0);
    }

    /** Crawling shows up in the meter; a sudden stop does not (no bytes, no new sample). */
    private static double measured(Behaviour b, long now) {
        return b.crawlFactor();
    }

    private double actual(Behaviour b, long now) {
        if (now >= b.stallAt() || now >= b.vanishAt()) return 0;
        return b.crawlFactor();
    }

    private void progress(long now) {
        var perPeer = new HashMap<Source, Integer>();
        for (InFlight f : inFlight) perPeer.merge(f.source(), 1, Integer::sum);
        for (int i = 0; i < inFlight.size(); i++) {
            InFlight f = inFlight.get(i);
            long rate;
            if (f.source() instanceof Source.Peer p) {
                var b = behaviour.get(p.id());
                rate = (long) (b.rate() * actual(b, now) / perPeer.get(f.source()));
            } else {
                rate = cdnRate;
            }
            long add = Math.min(f.remaining(), rate * TICK / 1000);
            if (f.fromPeer()) peerBytes += add;
            else cdnBytes += add;
            long last = add > 0 ? now : f.lastProgressAtMillis();
            inFlight.set(
                    i,
                    new InFlight(
                            f.segment(),
                            f.source(),
                            f.offset(),
                            f.length(),
                            f.bytesDone() + add,
                            f.startedAtMillis(),
                            last));
        }
        inFlight.removeIf(f -> {
            if (f.remaining() > 0) return false;
            cached.add(f.segment().seq());
            arrivedAt.put(f.segment().seq(), now);
            return true;
        });
    }

    private void apply(Action a, long now) {
        if (a instanceof Action.Cancel c) {
            InFlight f = find(c.segment(), c.source());
            wastedBytes += f.bytesDone();
            inFlight.remove(f);
        } else if (a instanceof Action.FinishFromCdn fin) {
            InFlight f = find(fin.segment(), Source.peer(fin.cancelledPeer()));
            inFlight.remove(f);
            inFlight.add(new InFlight(fin.segment(), Source.CDN, fin.firstByte(), fin.length(), 0, now, now));
        } else if (a instanceof Action.FetchFromCdn f) {
            inFlight.add(new InFlight(f.segment(), Source.CDN, 0, f.sizeBytes(), 0, now, now));
        } else if (a instanceof Action.FetchFromPeer f) {
            inFlight.add(new InFlight(f.segment(), Source.peer(f.peer()), 0, f.sizeBytes(), 0, now, now));
        }
    }

    private InFlight find(SegmentRef s, Source src) {
        return inFlight.stream()
                .filter(f -> f.segment().equals(s) && f.source().equals(src))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no request " + s + " from " + src));
    }
}
