package dev.riffle.sim.world;

import com.carrotsearch.hppc.IntLongHashMap;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.SegmentSet;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.agent.scheduler.Source;
import dev.riffle.tracker.matching.Locality;
import dev.riffle.tracker.matching.PeerEntry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/** One viewer: its line and network, its agent's state, and its player. */
final class Viewer {
    enum State {
        WAITING,
        WATCHING,
        SEEDING,
        GONE
    }

    final int index;
    final PeerId id;
    final Source.Peer asSource;
    final int isp;
    final Locality locality;
    /**
     * Viewers of equal non-negative classes are of the same ISP and region as the tracker's {@code Locality} judges it
     * (-1: never, as for a locality without ASN or region): read for every peer on every tick, so compared as ints
     * rather than by reaching each peer's locality.
     */
    final int ispRegionClass;

    final String subnet;
    final int nat;
    final double downBytesPerSec;
    /** The agent's upload cap (its token bucket's rate), and the line under it. */
    final double upBytesPerSec;

    final double upLineBytesPerSec;
    final Swarm swarm;
    final long joinAt;
    final long watchMillis;
    /** When, after joining, it seeks (-1: never) and to which fraction of the title. */
    final long seekAfterMillis;

    final double seekTo;
    final long startSeq;

    State state = State.WAITING;
    int memberSlot = -1;

    // --- the agent ---
    final BitSet have = new BitSet();
    private SegmentSet haveSnapshot = SegmentSet.EMPTY;
    private boolean haveDirty;
    int cached;
    Map<Long, Integer> claims = Map.of();
    final List<Flow> downloads = new ArrayList<>(4);
    final List<Flow> uploads = new ArrayList<>(4);
    int activeDownloads, activeUploads;
    /** The upload token bucket: tokens at {@code tokensAt}, the bytes/s leaving now. */
    double tokens = -1;

    long tokensAt;
    double sending;
    int bucketVersion;
    /** What each peer it serves gets of its upload, and a mark used while counting them. */
    double headShare;

    int queueStamp;
    final List<Viewer> neighbours = new ArrayList<>();
    int connecting;
    /**
     * The rate of the last transfer from each peer it ever received from, by the peer's index: read for every peer in
     * every tick, so a primitive map (no boxing, two arrays) rather than a HashMap of boxed values.
     */
    final IntLongHashMap measuredRate = new IntLongHashMap(4);

    double cdnRate;
    long windowStart;
    long pendingDecideAt = Long.MAX_VALUE;
    PeerEntry entry;
    long entryAt = Long.MIN_VALUE;
    int sampleStamp;
    long leaveAt;

    // --- the player: segment seq plays at base + (seq - playFrom) * segment + stalled, once started ---
    long playFrom;
    long base = -1;
    long stalledMillis;
    long stallSince = -1;
    long nextToPlay;
    long startedAt = -1;
    int playVersion;
    /** It sought since joining: its next start is a seek's, not counted as a startup. */
    boolean seeked;

    Viewer(
            int index,
            int isp,
            Locality locality,
            int ispRegionClass,
            String subnet,
            int nat,
            double down,
            double up,
            double upLine,
            Swarm swarm,
            long joinAt,
            long watchMillis,
            long seekAfterMillis,
            double seekTo,
            long startSeq) {
        this.index = index;
        this.id = new PeerId("v" + index);
        this.asSource = new Source.Peer(id);
        this.isp = isp;
        this.locality = locality;
        this.ispRegionClass = ispRegionClass;
        this.subnet = subnet;
        this.nat = nat;
        this.downBytesPerSec = down;
        this.upBytesPerSec = up;
        this.upLineBytesPerSec = Math.max(up, upLine);
        this.swarm = swarm;
        this.joinAt = joinAt;
        this.watchMillis = watchMillis;
        this.seekAfterMillis = seekAfterMillis;
        this.seekTo = seekTo;
        this.startSeq = startSeq;
    }

    /** The index in a peer id made by this class ({@code v<index>}). */
    static int indexOf(String peerId) {
        return Integer.parseInt(peerId.substring(1));
    }

    boolean startSeqIsJoin() {
        return !seeked;
    }

    boolean playing() {
        return base >= 0;
    }

    boolean present() {
        return state == State.WATCHING || state == State.SEEDING;
    }

    /**
     * When playback reaches {@code seq}. A waiting player (for its first segment after a join or seek, or in a stall)
     * has needed the awaited segment since it started waiting: that moment stays its deadline, so the scheduler sees
     * how late it is rather than a deadline moving along with the clock. The segments after it are due one segment
     * apart from now on, as playback cannot resume before the awaited one is in.
     */
    long deadline(long seq, long now) {
        int seg = swarm.segmentMillis;
        if (base < 0) return seq == playFrom ? windowStart : Math.max(now, windowStart) + (seq - playFrom) * seg;
        if (stallSince >= 0) return seq == nextToPlay ? stallSince : now + (seq - nextToPlay) * seg;
        return base + stalledMillis + (seq - playFrom) * seg;
    }

    void store(long seq, int cacheSegments) {
        if (!have.get((int) seq)) {
            have.set((int) seq);
            cached++;
            haveDirty = true;
        }
        // Oldest first, never what is still ahead of the player.
        for (int guard = 0; cached > cacheSegments && guard < 4; guard++) {
            int oldest = have.nextSetBit(0);
            if (oldest < 0 || oldest >= nextToPlay) break;
            have.clear(oldest);
            cached--;
        }
    }

    SegmentSet holds() {
        if (haveDirty) {
            haveSnapshot = SegmentSet.of(have);
            haveDirty = false;
        }
        return haveSnapshot;
    }

    /** What its player wants now, as WINDOW tells peers: from the segment playing to {@code aheadMillis} beyond. */
    SegmentWindow wants(long now, long aheadMillis) {
        if (state != State.WATCHING) return SegmentWindow.NONE;
        long last = swarm.newestKnown(now);
        long from = nextToPlay;
        if (last < from) return SegmentWindow.NONE;
        long lead = deadline(from, now) - now;
        long count = lead > aheadMillis ? 1 : 1 + (aheadMillis - lead) / swarm.segmentMillis;
        if (swarm.live) count = last - from + 1;
        return new SegmentWindow(from, Math.min(count, last - from + 1));
    }
}
