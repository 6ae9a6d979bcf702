package dev.riffle.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchedulerPropertiesTest {

    private record Case(SchedulerConfig config, SchedulerInput input, List<Action> actions, List<InFlight> after) {}

    private static Case run(long seed) {
        var r = new SplittableRandom(seed);
        var config = RandomTicks.config(r);
        var input = RandomTicks.input(r, config);
        var actions = new Scheduler(config, new SplittableRandom(seed)).decide(input);
        return new Case(config, input, actions, RandomTicks.after(input, actions));
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

    @Test
    void neverLeavesAnUrgentSegmentUncoveredWhileTheCdnHasRoomForIt() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var c = run(seed);
            var cfg = c.config();
            long now = c.input().nowMillis();
            var peers = new HashMap<PeerId, PeerView>();
            c.input().peers().forEach(p -> peers.put(p.id(), p));
            var deadline = new HashMap<SegmentRef, Long>();
            c.input().wanted().forEach(w -> deadline.put(w.segment(), w.deadlineMillis()));
            for (Wanted w : c.input().wanted()) {
                if (!w.segment().rendition().equals(c.input().rendition())) continue;
                if (w.deadlineMillis() - now > cfg.urgentWindowMillis()) continue;
                var request = c.after().stream()
                        .filter(f -> f.segment().equals(w.segment()))
                        .findFirst();
                boolean onTime = request.isPresent()
                        && (!request.get().fromPeer() || projectedOnTime(request.get(), w, peers, cfg, now));
                if (onTime) continue;
                // Otherwise every HTTP slot must be busy with something at least as pressing.
                var cdn = c.after().stream().filter(f -> !f.fromPeer()).toList();
                assertThat(cdn.size()).as("HTTP slots in use").isGreaterThanOrEqualTo(cfg.maxHttp());
                for (InFlight f : cdn) {
                    long d = deadline.get(f.segment());
                    assertThat(d - now <= cfg.urgentWindowMillis() || d <= w.deadlineMillis())
                            .as("%s holds an HTTP slot needed by urgent %s", f.segment(), w.segment())
                            .isTrue();
                }
            }
        });
    }

    private static boolean projectedOnTime(
            InFlight f, Wanted w, Map<PeerId, PeerView> peers, SchedulerConfig cfg, long now) {
        var view = peers.get(((Source.Peer) f.source()).id());
        if (view == null || now - f.lastProgressAtMillis() >= cfg.stallMillis()) return false;
        long rate = view.rateBytesPerSec() > 0 ? view.rateBytesPerSec() : cfg.assumedPeerRateBytesPerSec();
        long idle = now - f.lastProgressAtMillis();
        return now + idle + Tick.millisFor(f.remaining(), rate) <= w.deadlineMillis() - cfg.deadlineMarginMillis();
    }

    @Test
    void peerRequestsGoOnlyToPeersThatHoldTheSegment() {
        Property.forAll(1000, Gen.longs(), seed -> {
            var c = run(seed);
            var holds = new HashMap<PeerId, java.util.Set<SegmentRef>>();
            c.input().peers().forEach(p -> holds.put(p.id(), p.holds()));
            for (Action a : c.actions()) {
                if (a instanceof Action.FetchFromPeer f)
                    assertThat(holds.get(f.peer())).contains(f.segment());
            }
        });
    }

    @Test
    void sameInputSameActions() {
        Property.forAll(1000, Gen.longs(), seed -> {
            assertThat(run(seed).actions()).isEqualTo(run(seed).actions());
        });
    }

    @Test
    void uploadsStayWithinTheBudget() {
        Property.forAll(1000, Gen.longs(), seed -> {
            var c = run(seed);
            var served = new HashSet<Long>();
            c.actions().stream()
                    .filter(a -> a instanceof Action.Serve)
                    .forEach(a -> served.add(((Action.Serve) a).uploadId()));
            long bytes = c.input().uploads().stream()
                    .filter(u -> served.contains(u.id()))
                    .mapToLong(UploadRequest::bytes)
                    .sum();
            assertThat(bytes).isLessThanOrEqualTo(c.input().uploadBudgetBytes());
        });
    }

    /** Whatever else is going on, an agent that joined just now never pulls a non-urgent segment from the CDN. */
    @Test
    void whileAnnouncedPeersAreConnectingOnlyUrgentSegmentsGoToTheCdn() {
        Property.forAll(2000, Gen.longs(), seed -> {
            var c = run(seed);
            var in = c.input();
            boolean waiting = in.expectedPeers() > 0
                    && in.nowMillis() - in.joinedAtMillis() < c.config().peerWaitMillis();
            if (!waiting) return;
            var deadline = new HashMap<SegmentRef, Long>();
            in.wanted().forEach(w -> deadline.put(w.segment(), w.deadlineMillis()));
            for (Action a : c.actions()) {
                if (a instanceof Action.FetchFromCdn f) {
                    assertThat(deadline.get(f.segment()) - in.nowMillis())
                            .as("CDN fetch of %s while peers are connecting", f.segment())
                            .isLessThanOrEqualTo(c.config().urgentWindowMillis());
                }
            }
        });
    }

    /** The CDN draw uses the swarm the tracker reported: connecting more peers of it changes nothing. */
    @Test
    void theReportedSwarmSizeDecidesTheCdnDrawHoweverManyPeersAreConnected() {
        Property.forAll(1000, Gen.longs(), seed -> {
            var r = new SplittableRandom(seed);
            int swarm = r.nextInt(10, 200);
            var scheduler = new Scheduler(SchedulerConfig.defaults(), new SplittableRandom(seed));
            var w = new Wanted(new SegmentRef("v", r.nextLong(0, 1000)), 1_000_000, 20_000);
            var empty = new java.util.ArrayList<PeerView>();
            var some = new java.util.ArrayList<PeerView>();
            for (int i = r.nextInt(1, swarm); i > 0; i--)
                some.add(new PeerView(new PeerId("p" + i), false, 0, Set.of()));
            var alone = scheduler.decide(
                    new SchedulerInput(0, "v", List.of(w), empty, 4_000_000, List.of(), swarm, 0, List.of()));
            var connected = scheduler.decide(
                    new SchedulerInput(0, "v", List.of(w), some, 4_000_000, List.of(), swarm, 0, List.of()));
            assertThat(alone).isEqualTo(connected);
        });
    }
}
