package dev.riffle.agent.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SegmentSetTest {

    @Test
    void containsExactlyTheSeqsGivenAcrossWordBoundaries() {
        var set = SegmentSet.of(List.of(0L, 63L, 64L, 65L, 1000L));

        for (long seq = -2; seq < 1100; seq++) {
            boolean expected = seq == 0 || seq == 63 || seq == 64 || seq == 65 || seq == 1000;
            assertThat(set.contains(seq)).as("seq %d", seq).isEqualTo(expected);
        }
        assertThat(set.size()).isEqualTo(5);
        assertThat(set.contains(Long.MAX_VALUE)).isFalse();
        assertThat(set.contains(Integer.MAX_VALUE + 64L)).isFalse();
    }

    @Test
    void isACopyOfTheBitSet() {
        var bits = new BitSet();
        bits.set(3);
        var set = SegmentSet.of(bits);

        bits.set(4);
        bits.clear(3);

        assertThat(set.contains(3)).isTrue();
        assertThat(set.contains(4)).isFalse();
    }

    @Test
    void equalSetsAreEqualHowEverTheyWereBuilt() {
        var random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            var bits = new BitSet();
            int n = random.nextInt(20);
            for (int i = 0; i < n; i++) bits.set(random.nextInt(500));
            // A bit set and its trailing clear bits must not make two equal sets differ.
            var widened = (BitSet) bits.clone();
            widened.set(4000);
            widened.clear(4000);

            var a = SegmentSet.of(bits);
            var b = SegmentSet.of(widened);
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a.hashCode()).isEqualTo(bits.hashCode());
            assertThat(a.toString()).isEqualTo(bits.toString());
            assertThat(a.size()).isEqualTo(bits.cardinality());
            assertThat(a.isEmpty()).isEqualTo(bits.isEmpty());
        }
    }

    @Test
    void emptyIsEmpty() {
        assertThat(SegmentSet.EMPTY.isEmpty()).isTrue();
        assertThat(SegmentSet.of(new BitSet())).isSameAs(SegmentSet.EMPTY);
        assertThat(SegmentSet.of(List.of())).isEqualTo(SegmentSet.EMPTY);
        assertThat(SegmentSet.EMPTY.contains(0)).isFalse();
    }
}
