package dev.riffle.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One tick per line, written in {@link SchedulerDsl}. Defaults: 2 s segments of 1 MB, CDN 4 MB/s (a segment in
 * 250 ms, so the CDN must be asked 1.25 s before a deadline with the 1 s margin), urgent window 4 s, prefetch window
 * 20 s, new segments pulled up to 24 s ahead, 2 HTTP / 3 P2P / 2 per peer, this agent named {@code me}.
 */
class SchedulerTest {

    private static void tick(String state, String expected) {
        assertThat(SchedulerDsl.tick(state)).as(state).isEqualTo(expected);
    }

    private static void claims(String state, String expected) {
        assertThat(SchedulerDsl.claims(state)).as(state).isEqualTo(expected);
    }

    // ---- segments a peer holds

    @Test
    void aHeldSegmentGoesToAPeerThatCanMakeItsDeadlineAndToTheCdnOnlyWhenNoneCanAndTheCdnMust() {
        // 4 is due in 1 s: neither peer can beat the CDN's 250 ms; 5..7 go to peers, A (same ISP) first.
        tick(
                "playhead 4; buffer 1s; peer A same-isp has 0-20 @2MB/s; peer B has 0-30 @500KB/s",
                "fetch 4 from CDN; fetch 5..6 from A; fetch 7 from B");
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
    void aPeerTooSlowForTheDeadlineIsNotAskedAndTheCdnTakesTheSegmentWhenItMust() {
        // The CDN needs 250 ms for it, plus the 1 s margin.
        tick("playhead 0; buffer 1300ms; last 0; peer A has 0 @100KB/s", "nothing");
        tick("playhead 0; buffer 1200ms; last 0; peer A has 0 @100KB/s", "fetch 0 from CDN");
    }

    @Test
    void aSegmentThePlayerAlreadyWaitsForGoesToAPeerNoSlowerThanTheCdnByMoreThanTheMargin() {
        // Late whoever sends it: a peer finishing within 1 s of the CDN's 250 ms is as good, and spares the CDN.
        tick("playhead 0; buffer -1s; last 0; peer A has 0 @2MB/s", "fetch 0 from A");
        tick("playhead 0; buffer -1s; last 0; peer A has 0 @500KB/s", "fetch 0 from CDN");
    }

    @Test
    void anAlreadyCachedSegmentIsNeverFetched() {
        tick("playhead 4; buffer 1s; have 4,5; last 6; peer A has 0-9 @2MB/s", "fetch 6 from A");
    }

    @Test
    void capsOnConcurrentDownloadsHold() {
        tick(
                "playhead 0; buffer 5s; p2p 2; per-peer 1; peer A has 0-40 @5MB/s; peer B has 0-40 @5MB/s;"
                        + " peer C has 0-40 @5MB/s",
                "fetch 0 from A; fetch 1 from B");
    }

    // ---- transfers under way

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
                "playhead 40; buffer 0s; last 41; peer A has 0-9 @2MB/s; score me=0.9 A=0.1;"
                        + " inflight 6 from A 0B; inflight 7 from CDN 5KB",
                "cancel 6 from A (stale); cancel 7 from CDN (stale); fetch 40..41 from CDN");
    }

    @Test
    void segmentsDueSoonPreemptCdnRequestsDueLaterLatestDeadlineFirst() {
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

    // ---- new segments: one CDN copy per swarm

    @Test
    void aSegmentNobodyHasIsPulledFromTheCdnByThisAgentAloneInAnEmptySwarm() {
        tick("playhead 0; buffer 6s; last 1; swarm 1", "fetch 0..1 from CDN");
    }

    @Test
    void ofTheAgentsThatWantANewSegmentTheBestScoredPullsItAndTheOthersWait() {
        String swarm = "playhead 0; buffer 10s; last 0; swarm 3; peer A wants 0-20; peer B wants 0-20";
        tick(swarm + "; score me=0.9 A=0.5 B=0.2", "fetch 0 from CDN");
        tick(swarm + "; score me=0.5 A=0.9 B=0.2", "nothing");
    }

    @Test
    void anElectedAgentPullsNewSegmentsOnlyUpToItsPullAheadHorizonSoLaterViewersShareTheRest() {
        // Alone, with 24 s of segments in the window and a 6 s horizon: 0..2 now (and 3, due at exactly 6 s).
        tick("playhead 0; buffer 0s; last 11; swarm 1; pull 6s; http 9", "fetch 0..3 from CDN");
    }

    @Test
    void aBetterScoredPeerThatDoesNotWantTheSegmentLeavesItToUs() {
        // A is behind (its window ends before 10) and B only seeds: neither will pull 10.
        tick(
                "playhead 10; buffer 10s; last 10; swarm 3; peer A has 0-5 wants 2-9; peer B has 0-9;"
                        + " score me=0.2 A=0.9 B=0.8",
                "fetch 10 from CDN");
    }

    @Test
    void aClaimedSegmentIsWaitedForAndNotClaimedAgain() {
        String claimed = "playhead 0; buffer 10s; last 0; swarm 2; score me=0.9; peer A claims 0";
        tick(claimed, "nothing");
        claims(claimed, "none");
    }

    @Test
    void segmentsThisAgentIsElectedForButHasNoHttpSlotForAreClaimedToo() {
        claims("playhead 0; buffer 10s; last 3; swarm 1; http 1", "0..3/0");
    }

    @Test
    void everySegmentInFlightIsClaimedWithNoHop() {
        // 2 and 3 are under way, 0 is pulled now and 1 waits for an HTTP slot.
        claims(
                "playhead 0; buffer 10s; last 3; swarm 1; peer A has 3 @2MB/s; inflight 2 from CDN 0B;"
                        + " inflight 3 from A 0B",
                "0..3/0");
    }

    @Test
    void aClaimedSegmentGoesToTheCdnOnceTheCdnWouldBarelyMakeItsDeadline() {
        // The CDN needs 250 ms + the 1 s margin.
        tick("playhead 0; buffer 1300ms; last 0; peer A claims 0", "nothing");
        tick("playhead 0; buffer 1200ms; last 0; peer A claims 0", "fetch 0 from CDN");
    }

    @Test
    void aPlayerWaitingForAClaimedSegmentWaitsOnlyTheBlockedGrace() {
        tick("playhead 0; buffer -900ms; last 0; peer A claims 0", "nothing");
        tick("playhead 0; buffer -1s; last 0; peer A claims 0", "fetch 0 from CDN");
    }

    @Test
    void aPlayerWaitingForASegmentNobodyHoldsOrClaimsIsServedFromTheCdnAtOnce() {
        tick("playhead 0; buffer 0s; last 0; swarm 1", "fetch 0 from CDN");
        tick("playhead 0; buffer 0s; last 0; swarm 4; peer A wants 0-9; score A=0.9", "fetch 0 from CDN");
    }

    @Test
    void aFreshAgentWaitsForAnnouncedPeersBeforeItTakesNewSegmentsOnItself() {
        // A seeder was announced and is still connecting: nothing is elected, only the deadline guard acts (and a
        // player already waiting is not kept waiting for peers that hold nothing yet).
        tick("playhead 0; buffer -1s; last 9; swarm 2; expect 1; window 1s; http 10", "fetch 0..1 from CDN");
        tick("playhead 1; buffer 1500ms; last 9; swarm 2; expect 1; window 1s; http 10", "nothing");
        tick("playhead 0; buffer -500ms; last 9; swarm 2; expect 1; window 1s; http 10", "fetch 0 from CDN");
        // Once the wait is over, this agent takes them on.
        tick("playhead 0; buffer -1s; last 9; swarm 2; expect 1; window 3s; http 10", "fetch 0..9 from CDN");
        // Once the seeder is connected, it serves them.
        tick(
                "playhead 0; buffer 0s; last 9; swarm 2; window 1s; peer A has 0-9 @5MB/s; p2p 10; per-peer 10",
                "fetch 0..9 from A");
    }

    /** Several ticks of one session: a slow peer is finished from the CDN, then the player seeks. */
    @Test
    void aSessionOverSeveralTicks() {
        String peers = "; swarm 3; score me=0.9; peer A same-isp has 0-30 @2MB/s; peer B has 0-30 @300KB/s";
        tick("playhead 0; buffer 1s" + peers, "fetch 0 from CDN; fetch 1..2 from A; fetch 3 from B");
        tick("playhead 2; buffer 2s; inflight 2 from A 0B; inflight 3 from B 100KB" + peers, "fetch 4 from A");
        tick(
                "playhead 3; buffer 1s; inflight 3 from B 250KB; inflight 4 from A 500KB" + peers,
                "finish 3 from CDN bytes 250000-999999 (drop B); fetch 5 from A");
        // After the seek the player waits for 20: A sends it as fast as the CDN would; 22 waits for a free A (B is too
        // slow, the CDN not needed yet); 31 and 32, which nobody holds, are this agent's to pull (it scores best).
        tick(
                "playhead 20; buffer 0s; inflight 3 from CDN 250KB; inflight 6 from B 0B" + peers,
                "cancel 3 from CDN (stale); cancel 6 from B (stale); fetch 31..32 from CDN; fetch 20..21 from A;"
                        + " fetch 23 from B");
    }

    @Test
    void inASwarmWhoseMembersSeeEachOtherExactlyOnePullsEachNewSegment() {
        int agents = 20;
        var ids = new ArrayList<PeerId>();
        for (int i = 0; i < agents; i++) ids.add(new PeerId("Agent" + i + ".tv"));
        var scheduler = new Scheduler(SchedulerConfig.defaults());
        for (long s = 0; s < 200; s++) {
            int pulls = 0;
            for (PeerId self : ids) {
                var peers = ids.stream()
                        .filter(p -> !p.equals(self))
                        .map(p -> new PeerView(
                                p, false, 0, SegmentSet.EMPTY, java.util.Map.of(), new SegmentWindow(0, 1_000)))
                        .toList();
                var input = new SchedulerInput(
                        0,
                        self,
                        "v",
                        List.of(new Wanted(new SegmentRef("v", s), 1_000_000, 10_000)),
                        0,
                        peers,
                        4_000_000,
                        List.of(),
                        agents,
                        0);
                if (!scheduler.decide(input).actions().isEmpty()) pulls++;
            }
            assertThat(pulls).as("agents pulling segment %d", s).isEqualTo(1);
        }
    }
}
