package dev.riffle.sim.engine;

import java.util.Arrays;

/**
 * The simulation's agenda: events ordered by time, then by the order they were scheduled (a sequence number), so two
 * events at the same millisecond always run in the same order and a seeded run is repeatable.
 *
 * <p>A calendar queue: events due within {@link #SPAN} milliseconds of now go into their millisecond's bucket, a FIFO
 * (they arrive in sequence order, so a bucket needs no sorting); later ones wait in a binary heap over one {@code long}
 * per event (time in the high 30 bits, sequence number in the low 33) and move into their bucket, still in (time,
 * sequence) order, as soon as the clock comes within the span of them. Every event due at a millisecond that was
 * scheduled from further away than the span was scheduled before any that went straight into its bucket, so it moves
 * there first and the order is kept. Tens of millions of events go through it, nearly all due within a few seconds:
 * taking one is then a read at the head of a bucket instead of a walk down a heap of millions, and events scheduled
 * together are run together, near in memory.
 *
 * @param <T> what an event carries
 */
public final class EventQueue<T> {
    /** Latest time an event is kept for: 2^30 ms, about 12 days; later ones are dropped. */
    public static final long MAX_TIME = (1L << 30) - 1;

    private static final int SEQ_BITS = 33;
    private static final long SEQ_MASK = (1L << SEQ_BITS) - 1;
    /** Milliseconds ahead of now covered by buckets (a power of two); the rest wait in the heap. */
    static final int SPAN = 1 << 16;

    private static final int SLOT = SPAN - 1;
    /** A drained bucket keeps arrays up to this length for reuse; larger ones (a flash crowd's instant) are dropped. */
    private static final int KEEP = 1024;

    /** One scheduled event. */
    public record Event<T>(long timeMillis, long seq, T payload) {}

    private final Object[][] bucketPayloads = new Object[SPAN][];
    private final long[][] bucketSeqs = new long[SPAN][];
    private final int[] bucketHead = new int[SPAN];
    private final int[] bucketSize = new int[SPAN];
    private int inBuckets;

    private long[] keys = new long[1024];
    private Object[] payloads = new Object[1024];
    private int inHeap;
    private long nextSeq;
    private long now;
    private long lastSeq = -1;

    /** The time of the event last taken; events may not be scheduled before it. */
    public long now() {
        return now;
    }

    public void schedule(long timeMillis, T payload) {
        if (timeMillis < now) throw new IllegalArgumentException("event in the past: " + timeMillis + " < " + now);
        // Beyond the horizon of any run (scenarios last at most 7 days): it would never be taken, so it is not kept.
        if (timeMillis > MAX_TIME) return;
        if (nextSeq > SEQ_MASK) throw new IllegalStateException("more than 2^33 events");
        long seq = nextSeq++;
        if (timeMillis - now < SPAN) append(timeMillis, seq, payload);
        else push((timeMillis << SEQ_BITS) | seq, payload);
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public int size() {
        return inBuckets + inHeap;
    }

    /** The time of the next event, or {@link Long#MAX_VALUE} when none is left. */
    public long peekTime() {
        if (inBuckets > 0) return nextBucketTime();
        return inHeap == 0 ? Long.MAX_VALUE : keys[0] >>> SEQ_BITS;
    }

    /** Takes the next event and advances the clock to its time. */
    public Event<T> next() {
        T payload = take();
        return new Event<>(now, lastSeq, payload);
    }

    /** Takes the next event's payload and advances the clock to its time (no record made). */
    @SuppressWarnings("unchecked")
    public T take() {
        if (isEmpty()) throw new IllegalStateException("no event left");
        // Every event in a bucket is due within the span, every one in the heap after it: the buckets go first.
        long t = inBuckets > 0 ? nextBucketTime() : keys[0] >>> SEQ_BITS;
        if (t != now) {
            now = t;
            // The clock moved: what the span now covers leaves the heap, before anything is scheduled at this time.
            while (inHeap > 0 && (keys[0] >>> SEQ_BITS) - now < SPAN) {
                long key = keys[0];
                append(key >>> SEQ_BITS, key & SEQ_MASK, pop());
            }
        }
        int b = (int) (t & SLOT);
        int head = bucketHead[b]++;
        Object payload = bucketPayloads[b][head];
        bucketPayloads[b][head] = null;
        lastSeq = bucketSeqs[b][head];
        inBuckets--;
        if (bucketHead[b] == bucketSize[b]) {
            bucketHead[b] = 0;
            bucketSize[b] = 0;
            if (bucketSeqs[b].length > KEEP) {
                bucketPayloads[b] = null;
                bucketSeqs[b] = null;
            }
        }
        return (T) payload;
    }

    /** The first millisecond from now whose bucket holds an event (there is one within the span). */
    private long nextBucketTime() {
        long t = now;
        while (bucketHead[(int) (t & SLOT)] == bucketSize[(int) (t & SLOT)]) t++;
        return t;
    }

    private void append(long timeMillis, long seq, Object payload) {
        int b = (int) (timeMillis & SLOT);
        int n = bucketSize[b];
        if (bucketSeqs[b] == null) {
            bucketSeqs[b] = new long[8];
            bucketPayloads[b] = new Object[8];
        } else if (n == bucketSeqs[b].length) {
            bucketSeqs[b] = Arrays.copyOf(bucketSeqs[b], n * 2);
            bucketPayloads[b] = Arrays.copyOf(bucketPayloads[b], n * 2);
        }
        bucketSeqs[b][n] = seq;
        bucketPayloads[b][n] = payload;
        bucketSize[b] = n + 1;
        inBuckets++;
    }

    private void push(long key, Object payload) {
        if (inHeap == keys.length) {
            keys = Arrays.copyOf(keys, inHeap * 2);
            payloads = Arrays.copyOf(payloads, inHeap * 2);
        }
        int i = inHeap++;
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

    /** Removes the heap's first event and returns its payload. */
    private Object pop() {
        Object payload = payloads[0];
        int n = --inHeap;
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
        return payload;
    }
}
