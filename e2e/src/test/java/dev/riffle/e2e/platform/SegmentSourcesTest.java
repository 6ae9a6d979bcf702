package dev.riffle.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.DeliveryLog;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentSourcesTest {
    private final SegmentSources s = new SegmentSources(List.of(0L, 1L, 2L, 3L, 4L));
    private final DeliveryLog log = new DeliveryLog();
    private final PeerId alice = new PeerId("acct.alice");

    private void feed() {
        log.delivered("360p").forEach(s::record);
    }

    @Test
    void nothingDeliveredIsAllDots() {
        feed();
        assertThat(s.bar()).isEqualTo(".....");
    }

    @Test
    void eachDeliveredSegmentShowsTheSourceTheAgentRecorded() {
        log.fetched("360p", 0, null, 0, 100);
        log.fetched("360p", 1, alice, 100, 0);
        log.fetched("360p", 3, alice, 60, 40);
        for (long seq : new long[] {0, 1, 3}) log.delivered("360p", seq);
        log.delivered("360p", 2); // never fetched by this session: it was in the cache already
        feed();
        assertThat(s.bar()).isEqualTo("cPom.");
    }

    @Test
    void aSegmentFetchedButNotYetDeliveredStaysADot() {
        log.fetched("360p", 0, alice, 100, 0);
        log.fetched("360p", 1, alice, 100, 0);
        log.delivered("360p", 0);
        feed();
        assertThat(s.bar()).isEqualTo("P....");
    }

    @Test
    void feedingTheSameDeliveriesAgainChangesNothing() {
        log.fetched("360p", 0, null, 0, 100);
        log.delivered("360p", 0);
        feed();
        feed();
        assertThat(s.bar()).isEqualTo("c....");
    }

    @Test
    void segmentsOfOtherIndexesAreIgnored() {
        log.fetched("360p", 7, null, 0, 100);
        log.fetched("360p", 1, null, 0, 100);
        log.delivered("360p", 7);
        log.delivered("360p", 1);
        feed();
        assertThat(s.bar()).isEqualTo(".c...");
    }
}
