package dev.riffle.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SegmentSourcesTest {
    private final SegmentSources s = new SegmentSources(List.of(0L, 1L, 2L, 3L, 4L));

    @Test
    void nothingCachedIsAllDots() {
        s.observe(0, 0, Set.of());
        assertThat(s.bar()).isEqualTo(".....");
    }

    @Test
    void eachNewSegmentTakesTheSourceWhoseCounterMoved() {
        s.observe(0, 1, Set.of(0L));
        s.observe(1, 1, Set.of(0L, 1L));
        s.observe(2, 1, Set.of(0L, 1L, 3L));
        assertThat(s.bar()).isEqualTo("cP.P.");
    }

    @Test
    void whenBothMovedInOnePollTheLowestSegmentsGoToTheCdn() {
        s.observe(2, 1, Set.of(2L, 0L, 1L));
        assertThat(s.bar()).isEqualTo("cPP..");
    }

    @Test
    void aSegmentSeenBeforeItsCounterWaitsForIt() {
        s.observe(0, 0, Set.of(0L));
        assertThat(s.bar()).isEqualTo(".....");
        s.observe(1, 0, Set.of(0L));
        assertThat(s.bar()).isEqualTo("P....");
    }

    @Test
    void countsWithoutANewSegmentAreDropped() {
        s.observe(0, 1, Set.of(0L));
        s.observe(0, 3, Set.of(0L)); // a duplicate fetch of a cached segment
        s.observe(1, 3, Set.of(0L, 1L));
        assertThat(s.bar()).isEqualTo("cP...");
    }

    @Test
    void segmentsOfOtherIndexesAreIgnored() {
        s.observe(0, 2, Set.of(7L, 1L));
        assertThat(s.bar()).isEqualTo(".c...");
    }
}
