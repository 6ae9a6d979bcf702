package dev.riffle.agent.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Random but well-formed scheduler inputs for the property tests, from one seed so failures replay. */
final class RandomTicks {
    static final long NOW = 1_000_000;

    static SchedulerConfig config(SplittableRandom r) {
        return new SchedulerConfig(
                r.nextLong(0, 10_000),
                r.nextLong(0, 40_000),
                r.nextLong(0, 50_000),
                r.nextLong(0, 8_000),
                r.nextLong(0, 2_000),
                r.nextLong(500, 4_000),
                r.nextInt(1, 4),
                r.nextInt(0, 6),
                r.nextInt(1, 3),
                r.nextLong(100_000, 4_000_000),
                r.nextLong(0, 6_000),
                r.nextLong(0, 2_000));
    }

    static SchedulerInput input(SplittableRandom r, SchedulerConfig c) {
        String rendition = r.nextBoolean() ? "hi" : "lo";
        long segMs = r.nextLong(1_000, 6_000);
        long size = r.nextLong(10_000, 3_000_000);
        long next = r.nextLong(0, 30);
        var cached = new HashSet<Long>();
        for (int i = 0; i < 5; i++) cached.add(next + r.nextLong(0, 20));
        var wanted = Deadlines.ahead(
                rendition,
                next,
                r.nextLong(-3_000, 12_000),
                segMs,
                NOW,
                c.urgentWindowMillis() + c.prefetchWindowMillis() + 5_000,
                next + r.nextLong(0, 40),
                s -> size,
                cached);
        var peers = new ArrayList<PeerView>();
        int peerCount = r.nextInt(0, 7);
        for (int i = 0; i < peerCount; i++) {
            List<Long> holds = new ArrayList<>();
            Map<Long, Integer> claims = new HashMap<>();
            long from = r.nextLong(0, 40), to = from + r.nextLong(0, 40);
            for (long s = from; s <= to; s++) {
                int roll = r.nextInt(8);
                if (roll > 1) holds.add(s);
                else if (roll == 1) claims.put(s, r.nextInt(0, 5));
            }
            long rate = r.nextInt(5) == 0 ? 0 : r.nextLong(1_000, 8_000_000);
            long wantFrom = r.nextLong(0, 40);
            var wants = r.nextInt(4) == 0 ? SegmentWindow.NONE : new SegmentWindow(wantFrom, r.nextLong(0, 30));
            peers.add(new PeerView(new PeerId("P" + i), r.nextBoolean(), rate, SegmentSet.of(holds), claims, wants));
        }
        var inFlight = new ArrayList<InFlight>();
        int n = r.nextInt(0, 6);
        for (int i = 0; i < n; i++) {
            String rend = r.nextInt(6) == 0 ? "other" : rendition;
            long seq = next + r.nextLong(-3, 25);
            if (seq < 0) continue;
            Source src = r.nextBoolean() || peerCount == 0
                    ? Source.CDN
                    : Source.peer(new PeerId("P" + r.nextInt(peerCount + 1)));
            long done = r.nextLong(0, size);
            long idle = r.nextLong(0, 5_000);
            var ref = new SegmentRef(rend, seq);
            // A Cancel names its request by segment and source, so the shell never has two requests with the same
            // pair (the scheduler never issues a second one); generating them would make `after` drop the wrong one.
            if (inFlight.stream()
                    .anyMatch(f -> f.segment().equals(ref) && f.source().equals(src))) continue;
            inFlight.add(new InFlight(ref, src, 0, size, done, NOW - idle - 10, NOW - idle));
        }
        return new SchedulerInput(
                NOW,
                new PeerId("me"),
                rendition,
                wanted,
                NOW - r.nextLong(0, 8_000),
                peers,
                r.nextLong(100_000, 10_000_000),
                inFlight,
                r.nextInt(0, 200),
                r.nextInt(3) == 0 ? 0 : r.nextInt(1, 10));
    }

    static List<InFlight> after(SchedulerInput in, List<Action> actions) {
        var live = new ArrayList<>(in.inFlight());
        for (Action a : actions) {
            if (a instanceof Action.Cancel c) {
                live.remove(live.stream()
                        .filter(f ->
                                f.segment().equals(c.segment()) && f.source().equals(c.source()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("cancel of nothing: " + c)));
            } else if (a instanceof Action.FinishFromCdn f) {
                live.removeIf(x -> x.segment().equals(f.segment()) && x.fromPeer());
                live.add(new InFlight(f.segment(), Source.CDN, f.firstByte(), f.length(), 0, NOW, NOW));
            } else if (a instanceof Action.FetchFromCdn f) {
                live.add(new InFlight(f.segment(), Source.CDN, 0, f.sizeBytes(), 0, NOW, NOW));
            } else if (a instanceof Action.FetchFromPeer f) {
                live.add(new InFlight(f.segment(), Source.peer(f.peer()), 0, f.sizeBytes(), 0, NOW, NOW));
            }
        }
        return live;
    }
}
