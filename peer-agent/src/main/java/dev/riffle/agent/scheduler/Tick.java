package dev.riffle.agent.scheduler;

import dev.riffle.agent.scheduler.Action.Cancel;
import dev.riffle.agent.scheduler.Action.FetchFromCdn;
import dev.riffle.agent.scheduler.Action.FetchFromPeer;
import dev.riffle.agent.scheduler.Action.FinishFromCdn;
import dev.riffle.agent.scheduler.Action.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Working state of one {@link Scheduler#decide} call; thrown away afterwards. */
final class Tick {
    private final SchedulerConfig c;
    private final ElectionOrder order;
    private final SchedulerInput in;
    private final long now;
    private final List<Wanted> byDeadline;
    private final Map<SegmentRef, Wanted> wanted = new HashMap<>();
    /** Requests that will be in flight after this tick: survivors plus the ones issued now. */
    private final List<InFlight> live = new ArrayList<>();

    private final Map<SegmentRef, Set<PeerId>> excluded = new HashMap<>();
    private final List<Action> cancels = new ArrayList<>();
    private final List<Action> finishes = new ArrayList<>();
    private final List<Action> cdnFetches = new ArrayList<>();
    private final List<Action> peerFetches = new ArrayList<>();
    /** What we claim besides the requests in flight: segments we are elected for that wait for an HTTP slot. */
    private final Set<Long> queuedClaims = new HashSet<>();

    /**
     * A reason to ask the CDN; {@code urgent} ones may preempt a CDN request that is due later; {@code elected} ones are
     * new segments this agent pulls for the swarm.
     */
    private record CdnDemand(Wanted wanted, InFlight latePeerTransfer, boolean urgent, boolean elected) {
        static CdnDemand urgent(Wanted w) {
            return new CdnDemand(w, null, true, false);
        }
    }

    Tick(SchedulerConfig config, ElectionOrder order, SchedulerInput input) {
        this.c = config;
        this.order = order;
        this.in = input;
        this.now = input.nowMillis();
        for (Wanted w : input.wanted()) {
            if (w.segment().rendition().equals(input.rendition())) wanted.putIfAbsent(w.segment(), w);
        }
        this.byDeadline = wanted.values().stream()
                .sorted(Comparator.comparingLong(Wanted::deadlineMillis).thenComparing(Wanted::segment))
                .toList();
    }

    Decision run() {
        dropStale();
        var demands = new ArrayList<CdnDemand>();
        checkPeerTransfers(demands);
        for (Wanted w : byDeadline) {
            if (w.deadlineMillis() - now > c.urgentWindowMillis() + c.prefetchWindowMillis()) break;
            if (!covered(w.segment())) plan(w, demands);
        }
        allocateCdn(demands);
        var out = new ArrayList<Action>(cancels);
        out.addAll(finishes);
        out.addAll(cdnFetches);
        out.addAll(peerFetches);
        var claims = new TreeMap<Long, Integer>();
        for (long seq : queuedClaims) claims.put(seq, 0);
        for (InFlight f : live) claims.put(f.segment().seq(), 0);
        return new Decision(out, claims);
    }

    private void dropStale() {
        var seen = new HashSet<SegmentRef>();
        for (InFlight f : in.inFlight()) {
            // A second request for the same segment has no cause to exist; keep the first.
            if (!wanted.containsKey(f.segment()) || !seen.add(f.segment())) {
                cancels.add(new Cancel(f.segment(), f.source(), Reason.STALE));
            } else {
                live.add(f);
            }
        }
    }

    private void checkPeerTransfers(List<CdnDemand> demands) {
        for (InFlight f : List.copyOf(live)) {
            if (!(f.source() instanceof Source.Peer peer)) continue;
            Wanted w = wanted.get(f.segment());
            PeerView view = view(peer.id());
            boolean stalled = view == null || now - f.lastProgressAtMillis() >= c.stallMillis();
            long finish = stalled ? Long.MAX_VALUE : projectedFinish(f, rate(view));
            if (finish <= acceptableFinish(w, f.remaining())) continue;
            if (stalled && !urgent(w)) {
                // Far from the deadline: another peer may still deliver it, so retry rather than pay the CDN.
                live.remove(f);
                cancels.add(new Cancel(f.segment(), f.source(), Reason.STALLED));
                excluded.computeIfAbsent(f.segment(), k -> new HashSet<>()).add(peer.id());
            } else {
                demands.add(new CdnDemand(w, f, true, false));
            }
        }
    }

    /**
     * The view of a peer a transfer runs from (the last one given for its id). A scan rather than a map of all peers:
     * only peers with transfers in flight are looked up, and hashing every peer's id on every tick reads every peer's id
     * from memory (in the audience simulator, a cache miss per peer per tick).
     */
    private PeerView view(PeerId id) {
        List<PeerView> all = in.peers();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).id().equals(id)) return all.get(i);
        }
        return null;
    }

    /** Where {@code w} comes from, if anywhere this tick. */
    private void plan(Wanted w, List<CdnDemand> demands) {
        Set<PeerId> skip = excluded.getOrDefault(w.segment(), Set.of());
        var holders = in.peers().stream()
                .filter(p -> p.holds().contains(w.segment().seq()) && !skip.contains(p.id()))
                .toList();
        if (!holders.isEmpty()) {
            if (p2pLive() < c.maxP2p() && fetchFromPeer(w, holders)) return;
            // Held, but no holder can take it now in time (slow, or its slots are busy): wait for one while the CDN
            // could still make the deadline.
            if (now >= fallbackAt(w, true)) demands.add(CdnDemand.urgent(w));
            return;
        }
        boolean claimed = claimed(w, skip);
        if (now >= fallbackAt(w, claimed)) {
            demands.add(CdnDemand.urgent(w));
        } else if (w.deadlineMillis() - now <= c.pullAheadMillis() && !claimed && !waitingForPeers() && elected(w)) {
            demands.add(new CdnDemand(w, null, false, true));
        }
        // Otherwise another agent brings it (it claims it, or it is the one elected): wait for its HAVE.
    }

    private boolean fetchFromPeer(Wanted w, List<PeerView> holders) {
        long acceptable = acceptableFinish(w, w.sizeBytes());
        var best = holders.stream()
                .filter(p -> load(p.id()) < c.maxPerPeer())
                .filter(p -> saturatedAdd(now, millisFor(queuedBytes(p.id()) + w.sizeBytes(), rate(p))) <= acceptable)
                .min(Comparator.comparing((PeerView p) -> !p.sameIsp())
                        .thenComparing(p -> -rate(p))
                        .thenComparingInt(p -> load(p.id()))
                        .thenComparing(PeerView::id));
        if (best.isEmpty()) return false;
        PeerId p = best.get().id();
        peerFetches.add(new FetchFromPeer(w.segment(), p, w.sizeBytes()));
        live.add(new InFlight(w.segment(), Source.peer(p), 0, w.sizeBytes(), 0, now, now));
        return true;
    }

    /** Whether a connected (not excluded) peer says it will hold {@code w} soon. */
    private boolean claimed(Wanted w, Set<PeerId> skip) {
        for (PeerView p : in.peers()) {
            if (p.claims().containsKey(w.segment().seq()) && !skip.contains(p.id())) return true;
        }
        return false;
    }

    /**
     * The deadline guard: pull a segment from the CDN, whoever else was to bring it, once the CDN could barely still
     * make the deadline. A segment the player already waits for (startup, seek, stall) waits the blocked grace for a
     * peer that holds or claims it ({@code coming}), and not at all otherwise: a player's start is worth one more CDN
     * copy of one segment.
     */
    private long fallbackAt(Wanted w, boolean coming) {
        if (w.deadlineMillis() <= now) return w.deadlineMillis() + (coming ? c.blockedGraceMillis() : 0);
        return w.deadlineMillis() - lead(w);
    }

    /**
     * Whether this agent pulls a segment nobody holds or claims from the CDN (once it is within the pull-ahead
     * horizon): it does when no peer that wants the segment too (by its WINDOW) scores higher for it. Every agent scores every candidate the same way, so agents
     * that see the same peers agree on one; where views differ, the chain of better-scored peers ends at one that
     * does pull, and the segment then flows down that chain by HAVE, each agent taking it from its better neighbour.
     */
    private boolean elected(Wanted w) {
        long seq = w.segment().seq();
        double mine = order.score(in.self(), w.segment());
        for (PeerView p : in.peers()) {
            if (p.wants().contains(seq) && !p.holds().contains(seq) && order.score(p.id(), w.segment()) > mine) {
                return false;
            }
        }
        return true;
    }

    /**
     * Announced peers are still connecting and the window started only just now: a new segment waits for them (one of
     * them may hold it, or be the one to pull it); the deadline guard still bounds the wait.
     */
    private boolean waitingForPeers() {
        return in.expectedPeers() > 0 && now - in.windowStartMillis() < c.peerWaitMillis();
    }

    private void allocateCdn(List<CdnDemand> demands) {
        demands.sort(Comparator.comparingLong((CdnDemand d) -> d.wanted().deadlineMillis())
                .thenComparing(d -> d.wanted().segment()));
        for (CdnDemand d : demands) {
            boolean mayPreempt = d.urgent() || urgent(d.wanted());
            if (httpLive() >= c.maxHttp() && !(mayPreempt && preemptFor(d.wanted()))) {
                // Elected but no slot yet: still ours, so our peers should not pull it too.
                if (d.elected()) queuedClaims.add(d.wanted().segment().seq());
                continue;
            }
            InFlight late = d.latePeerTransfer();
            if (late == null) {
                cdnFetches.add(new FetchFromCdn(
                        d.wanted().segment(),
                        d.wanted().sizeBytes(),
                        d.elected() ? Action.Why.ELECTED : Action.Why.DEADLINE));
                live.add(new InFlight(
                        d.wanted().segment(), Source.CDN, 0, d.wanted().sizeBytes(), 0, now, now));
            } else {
                // Keep the prefix the peer delivered; ask the CDN for the rest only.
                live.remove(late);
                long first = late.offset() + late.bytesDone();
                long last = late.offset() + late.length() - 1;
                finishes.add(new FinishFromCdn(late.segment(), ((Source.Peer) late.source()).id(), first, last));
                live.add(new InFlight(late.segment(), Source.CDN, first, last - first + 1, 0, now, now));
            }
        }
    }

    /** Frees an HTTP slot held by a request that is not urgent, latest deadline first. */
    private boolean preemptFor(Wanted urgent) {
        InFlight victim = null;
        for (InFlight f : live) {
            if (f.fromPeer()) continue;
            Wanted w = wanted.get(f.segment());
            if (urgent(w) || w.deadlineMillis() <= urgent.deadlineMillis()) continue;
            if (victim == null
                    || w.deadlineMillis() > wanted.get(victim.segment()).deadlineMillis()) victim = f;
        }
        if (victim == null) return false;
        live.remove(victim);
        cancels.add(new Cancel(victim.segment(), victim.source(), Reason.PREEMPTED));
        return true;
    }

    /**
     * The latest a peer may finish {@code bytesLeft} of {@code w}: by the deadline less the margin while the CDN could
     * still make that; otherwise (the segment is late whoever sends it) no later than the CDN would, and for a segment
     * the player already waits for within a margin of it.
     */
    private long acceptableFinish(Wanted w, long bytesLeft) {
        long cdnDone = saturatedAdd(now, millisFor(bytesLeft, in.cdnRateBytesPerSec()));
        if (w.deadlineMillis() <= now) return saturatedAdd(cdnDone, c.deadlineMarginMillis());
        return Math.max(w.deadlineMillis() - c.deadlineMarginMillis(), cdnDone);
    }

    /** How long before the deadline the CDN must be asked for the whole segment: its transfer time plus the margin. */
    private long lead(Wanted w) {
        return saturatedAdd(c.deadlineMarginMillis(), millisFor(w.sizeBytes(), in.cdnRateBytesPerSec()));
    }

    private boolean urgent(Wanted w) {
        return w.deadlineMillis() - now <= c.urgentWindowMillis();
    }

    private boolean covered(SegmentRef s) {
        for (InFlight f : live) if (f.segment().equals(s)) return true;
        return false;
    }

    private long rate(PeerView p) {
        return p.rateBytesPerSec() > 0 ? p.rateBytesPerSec() : c.assumedPeerRateBytesPerSec();
    }

    private int httpLive() {
        int n = 0;
        for (InFlight f : live) if (!f.fromPeer()) n++;
        return n;
    }

    private int p2pLive() {
        int n = 0;
        for (InFlight f : live) if (f.fromPeer()) n++;
        return n;
    }

    private int load(PeerId id) {
        int n = 0;
        for (InFlight f : live) if (f.source() instanceof Source.Peer p && p.id().equals(id)) n++;
        return n;
    }

    private long queuedBytes(PeerId id) {
        long n = 0;
        for (InFlight f : live) if (f.source() instanceof Source.Peer p && p.id().equals(id)) n += f.remaining();
        return n;
    }

    /**
     * When a peer transfer should end at the measured rate. Time since the last bytes counts twice (once as elapsed,
     * once as delay ahead), so a peer that stops sending crosses its acceptable finish long before the stall timeout,
     * while the margin still leaves the CDN time to deliver the rest.
     */
    private long projectedFinish(InFlight f, long rate) {
        long idle = Math.max(0, now - f.lastProgressAtMillis());
        long transfer = millisFor(f.remaining(), rate);
        return transfer == Long.MAX_VALUE ? Long.MAX_VALUE : saturatedAdd(now + idle, transfer);
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    static long millisFor(long bytes, long bytesPerSec) {
        if (bytesPerSec <= 0) return Long.MAX_VALUE;
        return Math.multiplyHigh(bytes, 1000) != 0 ? Long.MAX_VALUE : (bytes * 1000 + bytesPerSec - 1) / bytesPerSec;
    }
}
