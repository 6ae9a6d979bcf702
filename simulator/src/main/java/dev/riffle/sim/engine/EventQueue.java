package dev.riffle.sim.engine;

import java.util.Arrays;

/**
 * The simulation's agenda: events ordered by time, then by the order they were scheduled (a sequence number), so two
 * events at the same millisecond always run in the same order and a seeded run is repeatable.
 *
 * <p>A binary heap over one {@code long} per event (time in the high 30 bits, sequence number in the low 33), with
 * the payloads in a parallel array: tens of millions of events go through it, and comparing two longs is much cheaper
 * than calling a comparator on two objects.
 *
 * @param <T> what an event carries
 */
public final class EventQueue<T> {
    /** Latest time an event is kept for: 2^30 ms, about 12 days; later ones are dropped. */
    public static final long MAX_TIME = (1L << 30) - 1;

    private static final int SEQ_BITS = 33;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;

    /** One scheduled event. */
    public record Event<T>(long timeMillis, long seq, T payload) {}

    private long[] keys = new long[1024];
    private Object[] payloads = new Object[1024];
    private int size;
    private long nextSeq;
    private long now;

    /** The time of the event last taken; events may not be scheduled before it. */
    public long now() {
        return now;
    }

    public void schedule(long timeMillis, T payload) {
        if (timeMillis < now) throw new IllegalArgumentException("event in the past: " + timeMillis + " < " + now);
        // Beyond the horizon of any run (scenarios last at most 7 days): it would never be taken, so it is not kept.
        if (timeMillis > MAX_TIME) return;
        if (nextSeq > SEQ_MASK) throw new IllegalStateException("more than 2^33 events");
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            payloads = Arrays.copyOf(payloads, size * 2);
        }
        long key = (timeMillis << SEQ_BITS) | nextSeq++;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) break;
            keys[i] = keys[parent];
            payloads[i] = payloads[parent];
            i = parent;
        }
        keys[i] = key;
        payloads[i] = payload;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The time of the next event, or {@link Long#MAX_VALUE} when none is left. */
    public long peekTime() {
        return size == 0 ? Long.MAX_VALUE : keys[0] >>> SEQ_BITS;
    }

    /** Takes the next event and advances the clock to its time. */
    public Event<T> next() {
        long key = keys[0];
        T payload = take();
        return new Event<>(key >>> SEQ_BITS, key & SEQ_MASK, payload);
    }

    /** Takes the next event's payload and advances the clock to its time (no record made). */
    @SuppressWarnings("unchecked")
    public T take() {
        if (size == 0) throw new IllegalStateException("no event left");
        long top = keys[0];
        Object payload = payloads[0];
        now = top >>> SEQ_BITS;
        int n = --size;
        long key = keys[n];
        Object moved = payloads[n];
        payloads[n] = null;
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && keys[child + 1] < keys[child]) child++;
            if (key <= keys[child]) break;
            keys[i] = keys[child];
            payloads[i] = payloads[child];
            i = child;
        }
        if (n > 0) {
            keys[i] = key;
            payloads[i] = moved;
        }
        return (T) payload;
    }
}
