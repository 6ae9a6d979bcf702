package dev.riffle.sim.engine;

import java.util.PriorityQueue;

/**
 * The simulation's agenda: events ordered by time, then by the order they were scheduled (a sequence number), so two
 * events at the same millisecond always run in the same order and a seeded run is repeatable.
 *
 * @param <T> what an event carries
 */
public final class EventQueue<T> {

    /** One scheduled event. */
    public record Event<T>(long timeMillis, long seq, T payload) {}

    private final PriorityQueue<Event<T>> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.timeMillis, b.timeMillis);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long nextSeq;
    private long now;

    /** The time of the event last taken; events may not be scheduled before it. */
    public long now() {
        return now;
    }

    public void schedule(long timeMillis, T payload) {
        if (timeMillis < now) throw new IllegalArgumentException("event in the past: " + timeMillis + " < " + now);
        heap.add(new Event<>(timeMillis, nextSeq++, payload));
    }

    public boolean isEmpty() {
        return heap.isEmpty();
    }

    public int size() {
        return heap.size();
    }

    /** The time of the next event, or {@link Long#MAX_VALUE} when none is left. */
    public long peekTime() {
        Event<T> e = heap.peek();
        return e == null ? Long.MAX_VALUE : e.timeMillis;
    }

    /** Takes the next event and advances the clock to its time. */
    public Event<T> next() {
        Event<T> e = heap.poll();
        if (e == null) throw new IllegalStateException("no event left");
        now = e.timeMillis;
        return e;
    }
}
