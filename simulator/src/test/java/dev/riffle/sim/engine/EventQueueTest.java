package dev.riffle.sim.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void eventsRunInTimeOrderAndInSchedulingOrderWithinAMillisecond() {
        var q = new EventQueue<String>();
        q.schedule(20, "c");
        q.schedule(10, "a");
        q.schedule(20, "d");
        q.schedule(10, "b");
        var seen = new ArrayList<String>();
        for (int i = 0; i < 4; i++) seen.add(q.next().payload());
        assertThat(seen).containsExactly("a", "b", "c", "d");
        assertThat(q.now()).isEqualTo(20);
        assertThat(q.isEmpty()).isTrue();
    }

    @Test
    void manyRandomEventsComeOutSortedByTimeThenSequence() {
        var q = new EventQueue<Integer>();
        var r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) q.schedule(r.nextLong(1_000), i);
        long lastTime = -1, lastSeq = -1;
        for (int i = 0; i < 10_000; i++) {
            var e = q.next();
            assertThat(e.timeMillis()).isGreaterThanOrEqualTo(lastTime);
            if (e.timeMillis() == lastTime) assertThat(e.seq()).isGreaterThan(lastSeq);
            lastTime = e.timeMillis();
            lastSeq = e.seq();
        }
    }

    @Test
    void anEventCannotBeScheduledInThePast() {
        var q = new EventQueue<String>();
        q.schedule(100, "x");
        q.next();
        assertThatThrownBy(() -> q.schedule(99, "late")).isInstanceOf(IllegalArgumentException.class);
        List<String> none = List.of();
        assertThat(none).isEmpty();
    }
}
