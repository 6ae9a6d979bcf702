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
    void anEventScheduledFromBeyondTheSpanRunsBeforeOnesScheduledLaterForTheSameMillisecond() {
        var q = new EventQueue<String>();
        long due = EventQueue.SPAN * 3L + 5;
        q.schedule(due, "far");
        q.schedule(EventQueue.SPAN * 2L + 10, "step");
        assertThat(q.next().payload()).isEqualTo("step");
        q.schedule(due, "near");
        q.schedule(due - 1, "before");
        var seen = new ArrayList<String>();
        while (!q.isEmpty()) seen.add(q.next().payload());
        assertThat(seen).containsExactly("before", "far", "near");
        assertThat(q.now()).isEqualTo(due);
    }

    @Test
    void eventsScheduledWhileRunningNearAndFarComeOutSortedByTimeThenSequence() {
        var q = new EventQueue<Integer>();
        var r = new SplittableRandom(11);
        int scheduled = 0, taken = 0;
        for (; scheduled < 200; scheduled++) q.schedule(r.nextLong(3 * EventQueue.SPAN), scheduled);
        long lastTime = -1, lastSeq = -1;
        while (!q.isEmpty()) {
            assertThat(q.peekTime()).isGreaterThanOrEqualTo(Math.max(0, lastTime));
            long peeked = q.peekTime();
            var e = q.next();
            taken++;
            assertThat(e.timeMillis()).isEqualTo(peeked).isGreaterThanOrEqualTo(lastTime);
            if (e.timeMillis() == lastTime) assertThat(e.seq()).isGreaterThan(lastSeq);
            lastTime = e.timeMillis();
            lastSeq = e.seq();
            // Bounded: at most 20,000 events in all, each at or after now.
            for (int k = r.nextInt(3); k > 0 && scheduled < 20_000; k--, scheduled++) {
                long ahead = r.nextInt(4) == 0 ? r.nextLong(4L * EventQueue.SPAN) : r.nextLong(50);
                q.schedule(q.now() + ahead, scheduled);
            }
        }
        assertThat(taken).isEqualTo(scheduled);
        assertThat(q.peekTime()).isEqualTo(Long.MAX_VALUE);
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
