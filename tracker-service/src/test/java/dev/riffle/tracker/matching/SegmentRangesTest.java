package dev.riffle.tracker.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SegmentRangesTest {

    @Test
    void overlappingAndAdjacentRangesMerge() {
        assertThat(SegmentRanges.of(5, 9, 0, 3, 4, 4, 20, 21).encode()).isEqualTo("0-9,20-21");
    }

    @Test
    void countsHeldSegmentsInAWindow() {
        SegmentRanges have = SegmentRanges.of(0, 9, 20, 29);
        assertThat(have.countIn(5, 24)).isEqualTo(10);
        assertThat(have.countIn(10, 19)).isZero();
    }

    @Test
    void countingStopsAtTheWindowButCountsEveryRangeInIt() {
        SegmentRanges have = SegmentRanges.of(0, 1, 3, 3, 5, 9, 12, 40, 100, 200);
        assertThat(have.countIn(0, 0)).isEqualTo(1);
        assertThat(have.countIn(1, 12)).isEqualTo(1 + 1 + 5 + 1);
        assertThat(have.countIn(41, 99)).isZero();
        assertThat(have.countIn(150, 1000)).isEqualTo(51);
    }

    @Test
    void textFormRoundTrips() {
        SegmentRanges have = SegmentRanges.of(0, 9, 20, 29);
        assertThat(SegmentRanges.decode(have.encode())).isEqualTo(have);
        assertThat(SegmentRanges.decode("")).isEqualTo(SegmentRanges.NONE);
    }

    @Test
    void backwardsRangesAreRejected() {
        assertThatThrownBy(() -> SegmentRanges.of(5, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
