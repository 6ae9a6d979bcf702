package dev.riffle.sim.world;

/**
 * One request's bytes moving as a fluid: {@code rate} bytes/s from its start (after a round trip) until done. A flow
 * is a whole segment or, after a late peer transfer, the rest of one from the CDN ({@code keptPeerBytes} came first
 * from {@code keptFrom}).
 */
final class Flow {
    final Viewer dst;
    /** null: the CDN. */
    final Viewer src;

    final long seq;
    final long offset;
    final long length;
    final long startedAt;
    final long keptPeerBytes;
    final Viewer keptFrom;

    boolean active;
    boolean ended;
    /** The source left: no more bytes will come (the scheduler sees the peer gone and gives up on it). */
    boolean orphaned;

    double done;
    double rate;
    long settledAt;
    long activeAt;
    long lastProgressAt;
    int version;
    /** At the head of its sender's queue for its receiver (only those are sent). */
    boolean head;

    Flow(Viewer dst, Viewer src, long seq, long offset, long length, long now, long keptPeerBytes, Viewer keptFrom) {
        this.dst = dst;
        this.src = src;
        this.seq = seq;
        this.offset = offset;
        this.length = length;
        this.startedAt = now;
        this.settledAt = now;
        this.lastProgressAt = now;
        this.keptPeerBytes = keptPeerBytes;
        this.keptFrom = keptFrom;
    }

    boolean fromCdn() {
        return src == null;
    }

    long bytesDone() {
        return Math.min(length, (long) done);
    }
}
