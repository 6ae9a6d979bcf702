package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.tracker.AnnounceSchedule.Event;
import dev.riffle.agent.tracker.AnnounceSchedule.Plan;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnnounceScheduleTest {
    private final AnnounceSchedule schedule = new AnnounceSchedule(5_000);

    @Test
    void nothingIsAnnouncedWithoutSwarms() {
        assertThat(schedule.next(0, Set.of())).isEmpty();
    }

    @Test
    void aNewSwarmStartsThenUpdatesAtTheTrackersInterval() {
        Plan p = schedule.next(0, Set.of("s1")).orElseThrow();
        assertThat(p).isEqualTo(new Plan(Event.STARTED, Set.of("s1")));
        schedule.answered(0, p, Set.of("s1"), 60);
        assertThat(schedule.next(59_999, Set.of("s1"))).isEmpty();
        assertThat(schedule.next(60_000, Set.of("s1"))).contains(new Plan(Event.UPDATE, Set.of("s1")));
    }

    @Test
    void joiningAnotherSwarmAnnouncesAtOnceAsStarted() {
        schedule.answered(0, new Plan(Event.STARTED, Set.of("s1")), Set.of("s1"), 60);
        assertThat(schedule.next(1_000, Set.of("s1", "s2"))).contains(new Plan(Event.STARTED, Set.of("s1", "s2")));
    }

    @Test
    void aSwarmNoLongerHeldIsLeft() {
        schedule.answered(0, new Plan(Event.STARTED, Set.of("s1", "s2")), Set.of("s1", "s2"), 60);
        Plan p = schedule.next(1_000, Set.of("s1")).orElseThrow();
        assertThat(p).isEqualTo(new Plan(Event.STOPPED, Set.of("s2")));
        schedule.answered(1_000, p, Set.of(), 0);
        assertThat(schedule.next(2_000, Set.of("s1"))).isEmpty();
        assertThat(schedule.joined()).containsExactly("s1");
    }

    @Test
    void aSwarmTheTrackerForgotIsStartedAgain() {
        Plan start = new Plan(Event.STARTED, Set.of("s1", "s2"));
        schedule.answered(0, start, Set.of("s1"), 60); // s2 came back unknown-swarm
        assertThat(schedule.next(1_000, Set.of("s1", "s2")).map(Plan::event)).contains(Event.STARTED);
        schedule.answered(1_000, start, Set.of("s1", "s2"), 60);
        Plan update = schedule.next(61_000, Set.of("s1", "s2")).orElseThrow();
        schedule.forgotten(update); // 404: the tracker restarted
        assertThat(schedule.next(61_001, Set.of("s1", "s2")).map(Plan::event)).contains(Event.STARTED);
    }

    @Test
    void aFailedAnnounceWaitsBeforeTryingAgain() {
        Plan p = schedule.next(0, Set.of("s1")).orElseThrow();
        schedule.failed(0, p);
        assertThat(schedule.next(4_999, Set.of("s1"))).isEqualTo(Optional.empty());
        assertThat(schedule.next(5_000, Set.of("s1"))).contains(new Plan(Event.STARTED, Set.of("s1")));
    }

    @Test
    void anAnswerShortOfPeersInTheFirstSecondsIsAskedAgainSoonThenAtTheInterval() {
        Plan p = schedule.next(0, Set.of("s1")).orElseThrow();
        schedule.answered(0, p, Set.of("s1"), 60, true);
        // agents that joined in the same instant: ask again in 2 s, not in a minute
        assertThat(schedule.next(1_999, Set.of("s1"))).isEmpty();
        assertThat(schedule.next(2_000, Set.of("s1"))).contains(new Plan(Event.UPDATE, Set.of("s1")));

        // an answer with the peers there are: back to the tracker's interval
        schedule.answered(2_000, new Plan(Event.UPDATE, Set.of("s1")), Set.of("s1"), 60, false);
        assertThat(schedule.next(4_000, Set.of("s1"))).isEmpty();
        assertThat(schedule.next(62_000, Set.of("s1"))).isPresent();

        // past the first 20 s, a lonely answer waits for the interval like any other
        schedule.answered(62_000, new Plan(Event.UPDATE, Set.of("s1")), Set.of("s1"), 60, true);
        assertThat(schedule.next(64_000, Set.of("s1"))).isEmpty();
        assertThat(schedule.next(122_000, Set.of("s1"))).isPresent();
    }

    @Test
    void theEarlyPeriodStartsAgainAfterLeavingEverySwarm() {
        schedule.answered(0, new Plan(Event.STARTED, Set.of("s1")), Set.of("s1"), 60, false);
        schedule.answered(100_000, new Plan(Event.STOPPED, Set.of("s1")), Set.of(), 0);
        schedule.answered(200_000, new Plan(Event.STARTED, Set.of("s2")), Set.of("s2"), 60, true);
        assertThat(schedule.next(202_000, Set.of("s2"))).contains(new Plan(Event.UPDATE, Set.of("s2")));
    }
}
