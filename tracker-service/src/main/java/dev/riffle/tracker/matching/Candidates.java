package dev.riffle.tracker.matching;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Peers to rank, held as columns: what the ranker reads for every candidate (id hash, last announce, upload figures,
 * locality, the first two held ranges) sits in primitive arrays, and the {@link PeerEntry} itself is read only for the
 * peers that end up in the answer.
 *
 * <p>Why: ranking touches ~100 candidates per announce. As a list of entries, each candidate was four objects (entry,
 * id string, ranges, bounds array) scattered over a young generation that the allocation rate flushes from the cache
 * between two announces of the same swarm, so ranking paid a cache miss per object. The in-memory store keeps one of
 * these per swarm, updated in place, and lets the ranker read them while it holds the swarm.
 *
 * <p>A slot is filled with {@link #add} or {@link #set} and emptied with {@link #removeSwap}, which moves the last slot
 * into the hole (the caller re-indexes that peer). Not thread-safe; the ranker never modifies it.
 */
public final class Candidates {

    /** Held ranges kept in the columns; a peer holding more is counted through its {@link SegmentRanges}. */
    static final int INLINE_RANGES = 2;

    private static final int BOUNDS_PER_SLOT = INLINE_RANGES * 2;

    private PeerEntry[] entries;
    private int[] idHash;
    private int[] idLength;
    private long[] lastSeen;
    private long[] capacity;
    private long[] spare;
    private Locality[] locality;
    private int[] rangeCount;
    private long[] bounds;
    private int size;

    public Candidates(int initialCapacity) {
        allocate(Math.max(1, initialCapacity));
    }

    /** Columns for {@code peers}, in their iteration order. */
    public static Candidates of(Collection<PeerEntry> peers) {
        Candidates c = new Candidates(peers.size());
        for (PeerEntry p : peers) {
            c.add(p, p.locality());
        }
        return c;
    }

    public int size() {
        return size;
    }

    public PeerEntry get(int slot) {
        checkSlot(slot);
        return entries[slot];
    }

    /** The entries, in slot order. */
    public List<PeerEntry> asList() {
        return List.of(Arrays.copyOf(entries, size));
    }

    /**
     * Appends {@code peer}; returns its slot. {@code sharedLocality} must equal the peer's locality: callers pass one
     * instance per ISP/region group so that the ranker's tier test reads a few hot objects instead of one per peer.
     */
    public int add(PeerEntry peer, Locality sharedLocality) {
        if (size == entries.length) {
            allocate(size * 2);
        }
        fill(size, peer, sharedLocality);
        return size++;
    }

    /** Replaces the peer in {@code slot} (e.g. its next announce). */
    public void set(int slot, PeerEntry peer, Locality sharedLocality) {
        checkSlot(slot);
        fill(slot, peer, sharedLocality);
    }

    /** Empties {@code slot} by moving the last slot into it; returns the slot that moved (== size afterwards). */
    public int removeSwap(int slot) {
        checkSlot(slot);
        int last = --size;
        if (slot != last) {
            entries[slot] = entries[last];
            idHash[slot] = idHash[last];
            idLength[slot] = idLength[last];
            lastSeen[slot] = lastSeen[last];
            capacity[slot] = capacity[last];
            spare[slot] = spare[last];
            locality[slot] = locality[last];
            rangeCount[slot] = rangeCount[last];
            System.arraycopy(bounds, last * BOUNDS_PER_SLOT, bounds, slot * BOUNDS_PER_SLOT, BOUNDS_PER_SLOT);
        }
        entries[last] = null; // no stale reference keeps a departed peer alive
        locality[last] = null;
        return last;
    }

    /** A copy of the given slots, in that order. */
    public Candidates copyOf(int[] slots, int count) {
        Candidates c = new Candidates(count);
        for (int k = 0; k < count; k++) {
            int s = slots[k];
            checkSlot(s);
            c.entries[k] = entries[s];
            c.idHash[k] = idHash[s];
            c.idLength[k] = idLength[s];
            c.lastSeen[k] = lastSeen[s];
            c.capacity[k] = capacity[s];
            c.spare[k] = spare[s];
            c.locality[k] = locality[s];
            c.rangeCount[k] = rangeCount[s];
            System.arraycopy(bounds, s * BOUNDS_PER_SLOT, c.bounds, k * BOUNDS_PER_SLOT, BOUNDS_PER_SLOT);
        }
        c.size = count;
        return c;
    }

    /**
     * A copy of the slots other than {@code excludedId}'s that were seen at or after {@code silentBefore}, tested on
     * the columns (an entry is read only on an id-hash match).
     */
    public Candidates copyLive(String excludedId, long silentBefore) {
        int[] keep = new int[size];
        int n = 0;
        int excludedHash = excludedId.hashCode();
        for (int i = 0; i < size; i++) {
            boolean excluded = idHash[i] == excludedHash && entries[i].peerId().equals(excludedId);
            if (lastSeen[i] >= silentBefore && !excluded) {
                keep[n++] = i;
            }
        }
        return copyOf(keep, n);
    }

    /** Empties the slots of the given peers (swap-removal; slot order changes). */
    public void removeAll(Collection<String> peerIds) {
        if (peerIds.isEmpty()) {
            return;
        }
        for (int i = size - 1; i >= 0; i--) {
            if (peerIds.contains(entries[i].peerId())) {
                removeSwap(i);
            }
        }
    }

    // Column reads for the ranker.

    int idHash(int slot) {
        return idHash[slot];
    }

    int idLength(int slot) {
        return idLength[slot];
    }

    long lastSeen(int slot) {
        return lastSeen[slot];
    }

    long uploadCapacity(int slot) {
        return capacity[slot];
    }

    long spareUpload(int slot) {
        return spare[slot];
    }

    Locality locality(int slot) {
        return locality[slot];
    }

    /**
     * The live position of the peer in {@code slot} ({@link PeerEntry#behindEdgeMs}). Read from the entry, not a column:
     * only live viewers' rankings ask for it.
     */
    long behindEdgeMs(int slot) {
        return entries[slot].behindEdgeMs();
    }

    /** {@link SegmentRanges#countIn} for the peer in {@code slot}, from the columns when it holds at most two ranges. */
    long countIn(int slot, long from, long to) {
        int ranges = rangeCount[slot];
        if (ranges > INLINE_RANGES) {
            return entries[slot].have().countIn(from, to);
        }
        long n = 0;
        int base = slot * BOUNDS_PER_SLOT;
        for (int r = 0; r < ranges; r++) {
            long lo = Math.max(from, bounds[base + 2 * r]);
            long hi = Math.min(to, bounds[base + 2 * r + 1]);
            if (hi >= lo) {
                n += hi - lo + 1;
            }
        }
        return n;
    }

    private void fill(int slot, PeerEntry peer, Locality sharedLocality) {
        if (!sharedLocality.equals(peer.locality())) {
            throw new IllegalArgumentException("shared locality differs from the peer's");
        }
        entries[slot] = peer;
        idHash[slot] = peer.peerId().hashCode();
        idLength[slot] = peer.peerId().length();
        lastSeen[slot] = peer.lastSeenMillis();
        capacity[slot] = peer.uploadCapacity();
        spare[slot] = peer.spareUpload();
        locality[slot] = sharedLocality;
        SegmentRanges have = peer.have();
        int ranges = have.count();
        rangeCount[slot] = ranges;
        int base = slot * BOUNDS_PER_SLOT;
        for (int r = 0; r < Math.min(ranges, INLINE_RANGES); r++) {
            bounds[base + 2 * r] = have.first(r);
            bounds[base + 2 * r + 1] = have.last(r);
        }
    }

    private void allocate(int n) {
        entries = entries == null ? new PeerEntry[n] : Arrays.copyOf(entries, n);
        idHash = idHash == null ? new int[n] : Arrays.copyOf(idHash, n);
        idLength = idLength == null ? new int[n] : Arrays.copyOf(idLength, n);
        lastSeen = lastSeen == null ? new long[n] : Arrays.copyOf(lastSeen, n);
        capacity = capacity == null ? new long[n] : Arrays.copyOf(capacity, n);
        spare = spare == null ? new long[n] : Arrays.copyOf(spare, n);
        locality = locality == null ? new Locality[n] : Arrays.copyOf(locality, n);
        rangeCount = rangeCount == null ? new int[n] : Arrays.copyOf(rangeCount, n);
        bounds = bounds == null ? new long[n * BOUNDS_PER_SLOT] : Arrays.copyOf(bounds, n * BOUNDS_PER_SLOT);
    }

    private void checkSlot(int slot) {
        if (slot < 0 || slot >= size) {
            throw new IndexOutOfBoundsException("slot " + slot + " of " + size);
        }
    }
}
