package dev.riffle.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One tick per line, written in {@link SchedulerDsl}. Defaults: 2 s segments of 1 MB, CDN 4 MB/s, urgent window 4 s,
 * prefetch window 20 s, margin 1 s, 2 HTTP / 3 P2P / 2 per peer.
 */
class SchedulerTest {

    private static void tick(String state, String expected) {
        assertThat(SchedulerDsl.tick(state)).as(state).isEqualTo(expected);
    }

    @Test
    void urgentWindowGoesToCdnAndPrefetchToPeersSameIspFirst() {
        tick(
                "playhead 4; buffer 1s; peer A same-isp has 0-20 @2MB/s; peer B has 0-30 @500KB/s",
                "fetch 4..5 from CDN; fetch 6..7 from A; fetch 8 from B");
    }

    @Test
    void sameIspPeerIsPreferredOverAFasterRemoteOneWhenBothMeetTheDeadline() {
        tick("playhead 0; buffer 6s; last 0; peer A has 0-9 @4MB/s; peer B same-isp has 0-9 @1MB/s", "fetch 0 from B");
    }

    @Test
    void amongEqualPeersTheFasterThenTheLessLoadedWins() {
        tick("playhead 0; buffer 6s; last 0; peer A has 0 @1MB/s; peer B has 0 @3MB/s", "fetch 0 from B");
        tick(
                "playhead 0; buffer 6s; last 1; peer A has 0-1 @2MB/s; peer B has 0-1 @2MB/s; inflight 0 from A 0B",
                "fetch 1 from B");
    }

    @Test
    void aPeerTooSlowForTheDeadlineIsNotAskedAndTheSegmentWaitsForTheUrgentWindow() {
        tick("playhead 0; buffer 6s; last 0; peer A has 0 @100KB/s", "nothing");
        tick("playhead 0; buffer 4s; last 0; peer A has 0 @100KB/s", "fetch 0 from CDN");
    }

    @Test
    void anAlreadyCachedSegmentIsNeverFetched() {
        tick("playhead 4; buffer 1s; have 4,5; last 6; peer A has 0-9 @2MB/s", "fetch 6 from A");
    }

    @Test
    void aTransferOnScheduleIsLeftAlone() {
        tick("playhead 6; buffer 5s; last 6; peer A has 0-9 @2MB/s; inflight 6 from A 100KB", "nothing");
    }

    @Test
    void aLatePeerTransferIsFinishedFromTheCdnWithARangeForTheMissingBytes() {
        tick(
                "playhead 5; buffer 3s; last 6; peer A has 0-20 @100KB/s; inflight 5 from A 300KB",
                "finish 5 from CDN bytes 300000-999999 (drop A)");
    }

    @Test
    void aStalledTransferFarFromItsDeadlineMovesToAnotherPeer() {
        tick(
                "playhead 5; buffer 10s; last 5; peer A has 0-20 @1MB/s; peer B has 0-20 @1MB/s;"
                        + " inflight 5 from A 200KB idle 3s",
                "cancel 5 from A (stalled); fetch 5 from B");
    }

    @Test
    void aStalledTransferInTheUrgentWindowIsFinishedFromTheCdn() {
        tick(
                "playhead 5; buffer 3s; last 5; peer A has 0-20 @1MB/s; inflight 5 from A 200KB idle 3s",
                "finish 5 from CDN bytes 200000-999999 (drop A)");
    }

    @Test
    void aVanishedPeerCountsAsStalled() {
        tick(
                "playhead 5; buffer 3s; last 5; inflight 5 from C 400KB",
                "finish 5 from CDN bytes 400000-999999 (drop C)");
    }

    @Test
    void aRenditionSwitchCancelsEverythingOfTheOldRendition() {
        tick(
                "rendition 1080p; playhead 5; buffer 3s; last 6; inflight 480p/5 from CDN 0B;"
                        + " inflight 480p/6 from A 100KB",
                "cancel 480p/5 from CDN (stale); cancel 480p/6 from A (stale); fetch 5..6 from CDN");
    }

    @Test
    void aSeekCancelsRequestsOutsideTheNewWindow() {
        tick(
                "playhead 40; buffer 0s; last 41; peer A has 0-9 @2MB/s; inflight 6 from A 0B; inflight 7 from CDN 5KB",
                "cancel 6 from A (stale); cancel 7 from CDN (stale); fetch 40..41 from CDN");
    }

    @Test
    void urgentSegmentsPreemptNonUrgentCdnRequestsLatestDeadlineFirst() {
        tick(
                "playhead 0; buffer 2s; inflight 10 from CDN 0B; inflight 11 from CDN 0B",
                "cancel 11 from CDN (preempted); cancel 10 from CDN (preempted); fetch 0..1 from CDN");
    }

    @Test
    void urgentSegmentsDoNotPreemptEachOther() {
        tick("playhead 0; buffer 0s; inflight 1 from CDN 0B; inflight 0 from CDN 0B", "nothing");
    }

    @Test
    void aDuplicateRequestForOneSegmentIsCancelled() {
        tick(
                "playhead 6; buffer 5s; last 6; peer A has 6 @2MB/s; inflight 6 from A 0B; inflight 6 from CDN 0B",
                "cancel 6 from CDN (stale)");
    }

    @Test
    void aSegmentNobodyHasIsPulledFromTheCdnByThisAgentAloneInAnEmptySwarm() {
        tick("playhead 0; buffer 6s; last 1; swarm 1", "fetch 0..1 from CDN");
    }

    @Test
    void inABigSwarmFewViewersPullANewSegmentFromTheCdn() {
        // 100 viewers each connected to the 99 others, none of whom has segment s: about 2 of them should pull it.
        int pulls = 0, segments = 200;
        var peers = new ArrayList<PeerView>();
        for (int i = 0; i < 99; i++) peers.add(new PeerView(new PeerId("p" + i), false, 0, Set.of()));
        for (int agent = 0; agent < 100; agent++) {
            var scheduler = new Scheduler(SchedulerConfig.defaults(), new SplittableRandom(agent));
            for (long s = 0; s < segments; s++) {
                var input = new SchedulerInput(
                        0,
                        "v",
                        List.of(new Wanted(new SegmentRef("v", s), 1_000_000, 20_000)),
                        peers,
                        4_000_000,
                        List.of(),
                        100,
                        0,
                        List.of());
                if (!scheduler.decide(input).isEmpty()) pulls++;
            }
        }
        double perSegment = pulls / (double) segments;
        assertThat(perSegment).isBetween(1.6, 2.4);
    }

    @Test
    void theCdnPullDecisionIsStableAcrossTicks() {
        var scheduler = new Scheduler(SchedulerConfig.defaults(), new SplittableRandom(7));
        var seen = new HashSet<Boolean>();
        for (int i = 0; i < 50; i++) seen.add(scheduler.pullsNewSegment(new SegmentRef("v", 3), 40));
        assertThat(seen).hasSize(1);
    }

    @Test
    void peerRequestsAreServedFifoWithinTheUploadBudget() {
        tick("last 0; have 0; budget 1500KB; upload 1 A 1MB; upload 2 B 1MB; upload 3 A 100KB", "serve 1 to A");
        tick("last 0; have 0; budget 0B; upload 1 A 1MB", "nothing");
    }

    @Test
    void capsOnConcurrentDownloadsHold() {
        tick(
                "playhead 0; buffer 5s; p2p 2; per-peer 1; peer A has 0-40 @5MB/s; peer B has 0-40 @5MB/s;"
                        + " peer C has 0-40 @5MB/s",
                "fetch 0 from A; fetch 1 from B");
    }

    /** Several ticks of one session: a slow peer is finished from the CDN, then the player seeks. */
    @Test
    void aSessionOverSeveralTicks() {
        String peers = "; peer A same-isp has 0-30 @2MB/s; peer B has 0-30 @300KB/s";
        tick("playhead 0; buffer 0s" + peers, "fetch 0..1 from CDN; fetch 2..3 from A; fetch 4 from B");
        tick("playhead 3; buffer 3s; inflight 3 from A 0B; inflight 4 from B 100KB" + peers, "fetch 5 from A");
        tick(
                "playhead 4; buffer 2s; inflight 4 from B 250KB; inflight 5 from A 500KB" + peers,
                "finish 4 from CDN bytes 250000-999999 (drop B); fetch 6 from A; fetch 7 from B");
        tick(
                "playhead 20; buffer 0s; inflight 4 from CDN 250KB; inflight 7 from B 0B" + peers,
                "cancel 4 from CDN (stale); cancel 7 from B (stale); fetch 20..21 from CDN; fetch 22..23 from A;"
                        + " fetch 24 from B");
    }

    @Test
    void aFreshAgentTrustsTheTrackersSwarmSizeNotThePeersConnectedSoFar() {
        // 100 agents that have just joined a swarm of 100 and have no peer connected yet: about 2 pull each segment.
        int pulls = 0, segments = 200;
        for (int agent = 0; agent < 100; agent++) {
            var scheduler = new Scheduler(SchedulerConfig.defaults(), new SplittableRandom(agent));
            for (long s = 0; s < segments; s++) {
                var input = new SchedulerInput(
                        0,
                        "v",
                        List.of(new Wanted(new SegmentRef("v", s), 1_000_000, 20_000)),
                        List.of(),
                        4_000_000,
                        List.of(),
                        100,
                        0,
                        List.of());
                if (!scheduler.decide(input).isEmpty()) pulls++;
            }
        }
        assertThat(pulls / (double) segments).isBetween(1.6, 2.4);
    }

    @Test
    void aFreshAgentWaitsForAnnouncedPeersBeforePullingItsPrefetchWindowFromTheCdn() {
        // Alone in the swarm as far as connections go, with a seeder announced: the urgent window goes to the CDN at
        // once, the prefetch window waits for the seeder's connection.
        tick("playhead 0; buffer 0s; last 9; swarm 2; expect 1; joined 1s; http 10", "fetch 0..2 from CDN");
        // Without the announcement, or once the wait is over, this agent of two pulls new segments itself.
        tick("playhead 0; buffer 0s; last 9; swarm 2; http 10", "fetch 0..9 from CDN");
        tick("playhead 0; buffer 0s; last 9; swarm 2; expect 1; joined 3s; http 10", "fetch 0..9 from CDN");
        // Once the seeder is connected, it serves the prefetch window.
        tick(
                "playhead 0; buffer 0s; last 9; swarm 2; expect 0; joined 1s; peer A has 0-9 @5MB/s; p2p 9; per-peer 9",
                "fetch 0..1 from CDN; fetch 2..9 from A");
    }
}
