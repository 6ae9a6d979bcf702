package dev.riffle.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerPropertiesTest {

    private record Case(
            SchedulerConfig config,
            SchedulerInput input,
            Decision decision,
            List<Action> actions,
            List<InFlight> after) {}

    private static Case run(long seed) {
        var r = new SplittableRandom(seed);
        var config = RandomTicks.config(r);
        var input = RandomTicks.input(r, config);
        var decision = new Scheduler(config).decide(input);
        return new Case(config, input, decision, decision.actions(), RandomTicks.after(input, decision.actions()));
    }

    @Test
    void neverFetchesBytesItHasOrIsAlreadyFetching() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var c = run(seed);
            var wanted = c.input().wanted().stream().map(Wanted::segment).collect(Collectors.toSet());
            // After the tick there is at most one request per segment, and only for wanted segments.
            var perSegment = new HashMap<SegmentRef, Integer>();
            for (InFlight f : c.after()) perSegment.merge(f.segment(), 1, Integer::sum);
            assertThat(perSegment.values()).allMatch(n -> n == 1);
            assertThat(perSegment.keySet()).isSubsetOf(wanted);
            // A CDN completion asks exactly for the bytes the peer has not delivered.
            for (Action a : c.actions()) {
                if (a instanceof Action.FinishFromCdn f) {
                    InFlight peer = c.input().inFlight().stream()
                            .filter(x -> x.segment().equals(f.segment()) && x.fromPeer())
                            .findFirst()
                            .orElseThrow();
                    assertThat(f.firstByte()).isEqualTo(peer.offset() + peer.bytesDone());
                    assertThat(f.lastByte()).isEqualTo(peer.offset() + peer.length() - 1);
                }
            }
        });
    }

    @Test
    void neverExceedsTheConcurrencyCaps() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var c = run(seed);
            var cfg = c.config();
            long httpBefore =
                    c.input().inFlight().stream().filter(f -> !f.fromPeer()).count();
            long p2pBefore =
                    c.input().inFlight().stream().filter(InFlight::fromPeer).count();
            long httpAfter = c.after().stream().filter(f -> !f.fromPeer()).count();
            long p2pAfter = c.after().stream().filter(InFlight::fromPeer).count();
            assertThat(httpAfter).isLessThanOrEqualTo(Math.max(httpBefore, cfg.maxHttp()));
            assertThat(p2pAfter).isLessThanOrEqualTo(Math.max(p2pBefore, cfg.maxP2p()));
            Map<Source, Long> perPeer = c.after().stream()
                    .filter(InFlight::fromPeer)
                    .collect(Collectors.groupingBy(InFlight::source, Collectors.counting()));
            for (Action a : c.actions()) {
                if (a instanceof Action.FetchFromPeer f) {
                    assertThat(perPeer.get(Source.peer(f.peer()))).isLessThanOrEqualTo(cfg.maxPerPeer());
                }
            }
        });
    }

    /**
     * A pressing segment (see {@link #pressing}) is never left uncovered while an HTTP slot holds something less
     * pressing.
     */
    @Test
    void neverLeavesAPressingSegmentUncoveredWhileTheCdnHasRoomForIt() {
        Property.forAll(3000, Gen.longs(), seed -> {
            var c = run(seed);
            var cfg = c.config();
            var in = c.input();
            long now = in.nowMillis();
            var peers = new HashMap<PeerId, PeerView>();
            in.peers().forEach(p -> peers.put(p.id(), p));
            var deadline = new HashMap<SegmentRef, Long>();
            in.wanted().forEach(w -> deadline.put(w.segment(), w.deadlineMillis()));
            for (Wanted w : in.wanted()) {
                if (!w.segment().rendition().equals(in.rendition())) continue;
                if (!pressing(w, in, cfg)) continue;
                var request = c.after().stream()
                        .filter(f -> f.segment().equals(w.segment()))
                        .findFirst();
                boolean onTime = request.isPresent()
                        && (!request.get().fromPeer() || projectedOnTime(request.get(), w, peers, cfg, in));
                if (onTime) continue;
                // Otherwise every HTTP slot must be busy with something at least as pressing.
                var cdn = c.after().stream().filter(f -> !f.fromPeer()).toList();
                assertThat(cdn.size()).as("HTTP slots in use").isGreaterThanOrEqualTo(cfg.maxHttp());
                for (InFlight f : cdn) {
                    long d = deadline.get(f.segment());
                    assertThat(d - now <= cfg.urgentWindowMillis() || d <= w.deadlineMillis())
                            .as("%s holds an HTTP slot needed by pressing %s", f.segment(), w.segment())
                            .isTrue();
                }
            }
        });
    }

    /**
     * The rule, written out again independently of {@code Tick}: a segment within the window is pressing once the CDN
     * could barely still make its deadline, or, when the player already waits for it, at once if no peer holds or
     * claims it and after the blocked grace otherwise.
     */
    private static boolean pressing(Wanted w, SchedulerInput in, SchedulerConfig cfg) {
        long now = in.nowMillis();
        long ahead = w.deadlineMillis() - now;
        if (ahead > cfg.urgentWindowMillis() + cfg.prefetchWindowMillis()) return false;
        if (ahead <= 0) {
            boolean coming = in.peers().stream()
                    .anyMatch(p -> p.holds().contains(w.segment().seq())
                            || p.claims().containsKey(w.segment().seq()));
            return !coming || -ahead >= cfg.blockedGraceMillis();
        }
        long lead = cfg.deadlineMarginMillis() + Tick.millisFor(w.sizeBytes(), in.cdnRateBytesPerSec());
        return ahead <= lead;
    }

    private static boolean projectedOnTime(
            InFlight f, Wanted w, Map<PeerId, PeerView> peers, SchedulerConfig cfg, SchedulerInput in) {
        long now = in.nowMillis();
        var view = peers.get(((Source.Peer) f.source()).id());
        if (view == null || now - f.lastProgressAtMillis() >= cfg.stallMillis()) return false;
        long rate = view.rateBytesPerSec() > 0 ? view.rateBytesPerSec() : cfg.assumedPeerRateBytesPerSec();
        long idle = now - f.lastProgressAtMillis();
        long finish = now + idle + Tick.millisFor(f.remaining(), rate);
        long cdnDone = now + Tick.millisFor(f.remaining(), in.cdnRateBytesPerSec());
        long acceptable = w.deadlineMillis() <= now
                ? cdnDone + cfg.deadlineMarginMillis()
                : Math.max(w.deadlineMillis() - cfg.deadlineMarginMillis(), cdnDone);
        return finish <= acceptable;
    }

    @Test
    void peerRequestsGoOnlyToPeersThatHoldTheSegment() {
        Property.forAll(1000, Gen.longs(), seed -> {
            var c = run(seed);
            var holds = new HashMap<PeerId, SegmentSet>();
            c.input().peers().forEach(p -> holds.put(p.id(), p.holds()));
            for (Action a : c.actions()) {
                if (a instanceof Action.FetchFromPeer f) {
                    assertThat(f.segment().rendition()).isEqualTo(c.input().rendition());
                    assertThat(holds.get(f.peer()).contains(f.segment().seq())).isTrue();
                }
            }
        });
    }

    @Test
    void sameInputSameDecision() {
        Property.forAll(1000, Gen.longs(), seed -> {
            assertThat(run(seed).decision()).isEqualTo(run(seed).decision());
        });
    }

    /** While announced peers are still connecting, only pressing segments go to the CDN: nothing is elected. */
    @Test
    void whileAnnouncedPeersAreConnectingOnlyPressingSegmentsGoToTheCdn() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var c = run(seed);
            var in = c.input();
            boolean waiting = in.expectedPeers() > 0
                    && in.nowMillis() - in.windowStartMillis() < c.config().peerWaitMillis();
            if (!waiting) return;
            var byRef = new HashMap<SegmentRef, Wanted>();
            in.wanted().forEach(w -> byRef.put(w.segment(), w));
            for (Action a : c.actions()) {
                if (a instanceof Action.FetchFromCdn f) {
                    Wanted w = byRef.get(f.segment());
                    boolean waitsForPlayer = w.deadlineMillis() <= in.nowMillis();
                    assertThat(waitsForPlayer || pressing(w, in, c.config()))
                            .as("CDN fetch of %s while peers are connecting", f.segment())
                            .isTrue();
                }
            }
        });
    }

    /**
     * Claims name exactly what this agent will hold soon: every request in flight after the tick, and the segments it is
     * elected for and only waits for an HTTP slot to pull.
     */
    @Test
    void claimsNameWhatIsInFlightAndWhatThisAgentWaitsToPull() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var c = run(seed);
            var in = c.input();
            var claims = c.decision().claims();
            var inFlight = new java.util.HashSet<Long>();
            for (InFlight f : c.after()) {
                if (f.segment().rendition().equals(in.rendition()))
                    inFlight.add(f.segment().seq());
            }
            assertThat(claims.keySet()).containsAll(inFlight);
            assertThat(claims.values()).allMatch(h -> h == 0);
            for (long seq : claims.keySet()) {
                if (inFlight.contains(seq)) continue;
                assertThat(c.after().stream().filter(f -> !f.fromPeer()).count())
                        .as("claimed %d while an HTTP slot is free", seq)
                        .isGreaterThanOrEqualTo(c.config().maxHttp());
            }
        });
    }

    /** Agents with the same view of who wants a segment never both elect themselves for it. */
    @Test
    void agentsThatSeeTheSameCandidatesElectExactlyOneForANewSegment() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var r = new SplittableRandom(seed);
            int n = r.nextInt(2, 12);
            var ids = new java.util.ArrayList<PeerId>();
            for (int i = 0; i < n; i++) ids.add(new PeerId("A" + r.nextInt(1_000_000) + "." + i));
            long seq = r.nextLong(0, 5_000);
            var wanted = List.of(new Wanted(new SegmentRef("v", seq), 500_000, 10_000));
            int pulls = 0;
            for (PeerId self : ids) {
                var peers = ids.stream()
                        .filter(p -> !p.equals(self))
                        .map(p -> new PeerView(
                                p, false, 0, SegmentSet.EMPTY, Map.of(), new SegmentWindow(Math.max(0, seq - 3), 20)))
                        .toList();
                var input = new SchedulerInput(0, self, "v", wanted, 0, peers, 4_000_000, List.of(), n, 0);
                if (!new Scheduler(SchedulerConfig.defaults())
                        .decide(input)
                        .actions()
                        .isEmpty()) pulls++;
            }
            assertThat(pulls).isEqualTo(1);
        });
    }
}
