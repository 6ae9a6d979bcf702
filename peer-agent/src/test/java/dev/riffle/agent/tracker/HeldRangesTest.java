package dev.riffle.agent.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.tracker.HeldRanges.Range;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HeldRangesTest {
    private static TreeSet<Long> of(long... xs) {
        var s = new TreeSet<Long>();
        for (long x : xs) s.add(x);
        return s;
    }

    @Test
    void consecutiveSegmentsCollapseIntoRanges() {
        assertThat(HeldRanges.of(of(0, 1, 2, 5, 7, 8), 0, 64))
                .containsExactly(new Range(0, 2), new Range(5, 5), new Range(7, 8));
        assertThat(HeldRanges.of(of(), 0, 64)).isEmpty();
    }

    @Test
    void beyondTheCapRangesAheadOfThePlayheadAreKept() {
        var held = of(0, 2, 4, 6, 8, 10);
        assertThat(HeldRanges.of(held, 7, 3)).containsExactly(new Range(0, 0), new Range(8, 8), new Range(10, 10));
        assertThat(HeldRanges.of(held, 7, 3)).hasSize(3);
        List<Range> all = HeldRanges.of(held, 0, 6);
        assertThat(all).hasSize(6);
    }
}
