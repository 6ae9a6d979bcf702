package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.playback.PlayerTracks;
import dev.riffle.agent.playback.Timeline;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.scheduler.SchedulerDsl;
import dev.riffle.agent.scheduler.SchedulerInput;
import dev.riffle.agent.scheduler.SegmentSet;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.agent.scheduler.Wanted;
import dev.riffle.protocol.manifest.RenditionType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the fetch loop hands the scheduler, built from plain facts: a 60-segment title of 2 s segments; the player asked
 * for segment 0 at t = 0 and got segments 0 and 1 at t = 100 ms, so playback runs from then; now is t = 4 s (media
 * 3.9 s, segment 1).
 */
class InputBuilderTest {
    private static final MemoryTitle TITLE = MemoryTitle.create("t", List.of("360p"), 60, 2_000, 10_000);
    private static final long NOW = 4_000;

    private static PlayerTracks.Track track() {
        var t = PlayerTracks.NONE
                .segment("360p", RenditionType.VIDEO, 0, 0, 2_000, 0)
                .delivered("360p", RenditionType.VIDEO, 0, 2_000, 100)
                .segment("360p", RenditionType.VIDEO, 1, 2_000, 4_000, 100)
                .delivered("360p", RenditionType.VIDEO, 2_000, 4_000, 100);
        return t.of(RenditionType.VIDEO).orElseThrow();
    }

    private static InputBuilder.Facts facts(
            Set<Long> cached, Map<Long, Long> answerBy, List<SwarmLink.PeerState> peers, SwarmReports.Report report) {
        return facts(cached, answerBy, peers, report, null);
    }

    private static InputBuilder.Facts facts(
            Set<Long> cached,
            Map<Long, Long> answerBy,
            List<SwarmLink.PeerState> peers,
            SwarmReports.Report report,
            InputBuilder.LiveEdge live) {
        var r = TITLE.manifest().rendition("360p").orElseThrow();
        return new InputBuilder.Facts(
                NOW,
                new PeerId("me"),
                track(),
                r,
                Timeline.of(r),
                cached,
                answerBy,
                peers,
                report,
                false,
                p -> p.value().equals("banned"),
                List.of(),
                4_000_000,
                60_000,
                live);
    }

    @Test
    void liveSegmentsAreDueALatencyAfterTheyBecameKnownAndTheWindowStaysOpenForSegmentsToCome() {
        // Segment 59 (the newest, 2 s long) became known at 3.5 s: due at 3.5 + 3 - 2 = 4.5 s; the others (known now,
        // at 4 s) at 5 s.
        var live = new InputBuilder.LiveEdge(Map.of(59L, 3_500L), new LivePolicy(3_000, 2_000, 8_000, 300));
        var f = facts(Set.of(0L, 1L), Map.of(), List.of(), new SwarmReports.Report(1, Set.of()), live);

        var in = InputBuilder.build(f);

        assertThat(in.wanted().stream()
                        .filter(w -> w.segment().seq() == 59)
                        .findFirst()
                        .orElseThrow()
                        .deadlineMillis())
                .isEqualTo(4_500L);
        // the player keeps up with the newest 8 s only
        assertThat(in.wanted()).extracting(w -> w.segment().seq()).containsExactlyInAnyOrder(56L, 57L, 58L, 59L);
        var window = InputBuilder.window(f, 16_000);
        // every peer learns of segment 60 at about the same moment: each must already count the others as wanting it
        assertThat(window.contains(60)).isTrue();
        assertThat(window.contains(1_000_000)).isTrue();
        // and it fits the wire's int fields even from the channel's first segment
        assertThat(window.first() + window.count() - 1).isLessThanOrEqualTo(Integer.MAX_VALUE);
        assertThat(window.count()).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    private static SwarmLink.PeerState peer(String id, long from, long to, long wantFrom, long wantCount) {
        var holds = new java.util.ArrayList<Long>();
        for (long s = from; s <= to; s++) holds.add(s);
        return new SwarmLink.PeerState(
                new PeerId(id), SegmentSet.of(holds), Map.of(), 2_000_000, new SegmentWindow(wantFrom, wantCount));
    }

    @Test
    void deadlinesComeFromThePlayersClockNotFromWhatItAskedForLast() {
        var in = InputBuilder.build(facts(Set.of(0L, 1L), Map.of(), List.of(), new SwarmReports.Report(1, Set.of())));

        // Playing since 100 ms: segment 2 (media 4 s) is needed at 4.1 s, segment 10 at 20.1 s.
        assertThat(in.wanted()).extracting(Wanted::deadlineMillis).startsWith(4_100L, 6_100L);
        assertThat(in.wanted().stream()
                        .filter(w -> w.segment().seq() == 10)
                        .findFirst()
                        .orElseThrow()
                        .deadlineMillis())
                .isEqualTo(20_100L);
        assertThat(in.windowStartMillis()).isZero();
    }

    @Test
    void aSegmentAPlayerAskedForFarAheadIsDueWhenItsRequestMustBeAnswered() {
        // Like hls.js: it asked for segment 45 (media 90 s, beyond the 60 s horizon) at 3.9 s with a 20 s wait.
        var in = InputBuilder.build(
                facts(Set.of(0L, 1L), Map.of(45L, 13_900L), List.of(), new SwarmReports.Report(1, Set.of())));

        assertThat(in.wanted().stream()
                        .filter(w -> w.segment().seq() == 45)
                        .findFirst()
                        .orElseThrow()
                        .deadlineMillis())
                .isEqualTo(13_900L);
        // With a peer holding it that is plenty for the peer; alone, the agent pulls it from the CDN in time.
        var withPeer = InputBuilder.build(facts(
                Set.of(0L, 1L),
                Map.of(45L, 13_900L),
                List.of(peer("A", 0, 59, 0, 0)),
                new SwarmReports.Report(2, Set.of())));
        var roomy = SchedulerConfig.defaults().toBuilder().caps(2, 40, 40).build();
        String actions =
                SchedulerDsl.render(new Scheduler(roomy).decide(withPeer).actions(), "360p");
        assertThat(actions).contains("fetch 45 from A");
    }

    @Test
    void peersCarryTheTrackersSameIspMatchAndBannedOnesAreLeftOut() {
        var report = new SwarmReports.Report(
                5,
                Set.of(new PeerId("A"), new PeerId("B"), new PeerId("C"), new PeerId("me")),
                Set.of(new PeerId("B")));
        SchedulerInput in = InputBuilder.build(facts(
                Set.of(),
                Map.of(),
                List.of(peer("A", 0, 3, 2, 6), peer("B", 0, 9, 2, 6), peer("banned", 0, 59, 0, 0)),
                report));

        assertThat(in.peers()).extracting(p -> p.id().value()).containsExactly("A", "B");
        assertThat(in.peers())
                .filteredOn(p -> p.sameIsp())
                .extracting(p -> p.id().value())
                .containsExactly("B");
        assertThat(in.peers().get(0).wants()).isEqualTo(new SegmentWindow(2, 6));
        assertThat(in.expectedPeers()).as("C, announced, not connected").isEqualTo(1);
        assertThat(in.swarmSize()).isEqualTo(5);
    }

    @Test
    void theWindowToldToPeersRunsFromTheSegmentPlayingNowToThePullAheadHorizon() {
        var f = facts(Set.of(0L, 1L), Map.of(), List.of(), new SwarmReports.Report(1, Set.of()));
        // Media 3.9 s now (segment 1); 12 s ahead reaches media 15.9 s (segment 7 starts at 14 s, 8 at 16 s).
        assertThat(InputBuilder.window(f, 12_000)).isEqualTo(new SegmentWindow(1, 7));
    }
}
