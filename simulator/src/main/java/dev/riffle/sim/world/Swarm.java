package dev.riffle.sim.world;

import dev.riffle.agent.scheduler.SegmentRef;
import java.util.ArrayList;
import java.util.List;

/**
 * The viewers of one rendition of one title: the unit the tracker matches within and segments are shared in.
 *
 * @param titleRank popularity rank of the title, 0 = most watched
 */
final class Swarm {
    final int titleRank;
    final String rendition;
    final long bytesPerSec;
    final int segmentMillis;
    final int segments;
    final long segmentBytes;
    final boolean live;
    /** Live: when segment 0 became known (it is known once fully produced, a segment after its first frame). */
    final long liveStartMillis;

    /** Watchers and seeders, in no order (swap-removed); {@link Viewer#memberSlot} is each one's index. */
    final List<Viewer> members = new ArrayList<>();

    private final SegmentRef[] refs;

    Swarm(
            int titleRank,
            String rendition,
            long bytesPerSec,
            int segmentMillis,
            int segments,
            boolean live,
            long liveStart) {
        this.titleRank = titleRank;
        this.rendition = rendition;
        this.bytesPerSec = bytesPerSec;
        this.segmentMillis = segmentMillis;
        this.segments = segments;
        this.segmentBytes = Math.max(1, bytesPerSec * segmentMillis / 1000);
        this.live = live;
        this.liveStartMillis = liveStart;
        this.refs = new SegmentRef[segments];
    }

    /** One shared instance per segment: the scheduler's inputs name segments many times per second. */
    SegmentRef ref(long seq) {
        int i = (int) seq;
        SegmentRef r = refs[i];
        if (r == null) refs[i] = r = new SegmentRef(rendition, seq);
        return r;
    }

    /** Live: the newest segment fully produced at {@code now}, or -1 before the first. */
    long newestKnown(long now) {
        if (!live) return segments - 1;
        return Math.min(segments - 1, Math.floorDiv(now - liveStartMillis, segmentMillis) - 1);
    }

    /** Live: when segment {@code seq} became known. */
    long knownAt(long seq) {
        return liveStartMillis + (seq + 1) * segmentMillis;
    }

    void join(Viewer v) {
        v.memberSlot = members.size();
        members.add(v);
    }

    void leave(Viewer v) {
        int slot = v.memberSlot;
        if (slot < 0) return;
        Viewer last = members.remove(members.size() - 1);
        if (last != v) {
            members.set(slot, last);
            last.memberSlot = slot;
        }
        v.memberSlot = -1;
    }
}
