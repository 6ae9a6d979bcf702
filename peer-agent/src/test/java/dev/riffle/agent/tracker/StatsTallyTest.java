package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.session.Counters.StreamKey;
import dev.riffle.agent.tracker.StatsTally.Totals;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatsTallyTest {
    private static final StreamKey HD = new StreamKey("t-42", "720p");
    private final StatsTally tally = new StatsTally();

    @Test
    void reportsAreDeltasSinceTheLastAcceptedOne() {
        var first = tally.due(Map.of(HD, new Totals(100, 50, 10, 0, 800)), 32);
        assertThat(first).singleElement().satisfies(e -> {
            assertThat(e.bytesFromPeers()).isEqualTo(100);
            assertThat(e.startupMillis()).isEqualTo(Optional.of(800L));
        });
        tally.accepted(first);
        var second = tally.due(Map.of(HD, new Totals(150, 50, 10, 1, 800)), 32);
        assertThat(second).singleElement().satisfies(e -> {
            assertThat(e.bytesFromPeers()).isEqualTo(50);
            assertThat(e.bytesFromCdn()).isZero();
            assertThat(e.stalls()).isEqualTo(1);
            assertThat(e.startupMillis()).as("startup once per stream").isEmpty();
        });
    }

    @Test
    void bytesOfARefusedReportGoOutWithTheNext() {
        tally.due(Map.of(HD, new Totals(100, 0, 0, 0, -1)), 32); // never accepted
        assertThat(tally.due(Map.of(HD, new Totals(120, 0, 0, 0, -1)), 32))
                .singleElement()
                .satisfies(e -> assertThat(e.bytesFromPeers()).isEqualTo(120));
    }

    @Test
    void nothingNewIsNotReportedAndTheEntryCapHolds() {
        var first = tally.due(Map.of(HD, new Totals(1, 0, 0, 0, -1)), 32);
        tally.accepted(first);
        assertThat(tally.due(Map.of(HD, new Totals(1, 0, 0, 0, -1)), 32)).isEmpty();
        assertThat(tally.due(
                        Map.of(
                                new StreamKey("a", "r"), new Totals(1, 0, 0, 0, -1),
                                new StreamKey("b", "r"), new Totals(1, 0, 0, 0, -1)),
                        1))
                .hasSize(1);
    }

    @Test
    void aLiveStreamCarriesItsNewestLatencyReadingNotADelta() {
        var first = tally.due(Map.of(HD, new Totals(100, 0, 0, 0, 900, 2_400)), 32);
        assertThat(first).singleElement().satisfies(e -> assertThat(e.liveLatencyMillis())
                .hasValue(2_400L));
        tally.accepted(first);
        assertThat(tally.due(Map.of(HD, new Totals(200, 0, 0, 0, 900, 1_900)), 32))
                .singleElement()
                .satisfies(e -> assertThat(e.liveLatencyMillis()).hasValue(1_900L));
        assertThat(tally.due(Map.of(new StreamKey("vod", "r"), new Totals(1, 0, 0, 0, -1)), 32))
                .singleElement()
                .satisfies(e -> assertThat(e.liveLatencyMillis()).as("not live").isEmpty());
    }
}
