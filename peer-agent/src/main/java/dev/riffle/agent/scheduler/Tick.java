package dev.riffle.agent.scheduler;

import dev.riffle.agent.scheduler.Action.Cancel;
import dev.riffle.agent.scheduler.Action.FetchFromCdn;
import dev.riffle.agent.scheduler.Action.FetchFromPeer;
import dev.riffle.agent.scheduler.Action.FinishFromCdn;
import dev.riffle.agent.scheduler.Action.Reason;
import dev.riffle.agent.scheduler.Action.Serve;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Working state of one {@link Scheduler#decide} call; thrown away afterwards. */
final class Tick {
    private final SchedulerConfig c;
    private final Scheduler scheduler;
    private final SchedulerInput in;
    private final long now;
    private final List<Wanted> byDeadline;
    private final Map<SegmentRef, Wanted> wanted = new HashMap<>();
    private final Map<PeerId, PeerView> peers = new HashMap<>();
    /** Requests that will be in flight after this tick: survivors plus the ones issued now. */
    private final List<InFlight> live = new ArrayList<>();

    private final Map<SegmentRef, Set<PeerId>> excluded = new HashMap<>();
    private final List<Action> cancels = new ArrayList<>();
    private final List<Action> finishes = new ArrayList<>();
    private final List<Action> cdnFetches = new ArrayList<>();
    private final List<Action> peerFetches = new ArrayList<>();
    private final List<Action> serves = new ArrayList<>();

    private record CdnDemand(Wanted wanted, InFlight latePeerTransfer) {}

    Tick(SchedulerConfig config, Scheduler scheduler, SchedulerInput input) {
        this.c = config;
        this.scheduler = scheduler;
        this.in = input;
        this.now = input.nowMillis();
        for (Wanted w : input.wanted()) {
            if (w.segment().rendition().equals(input.rendition())) wanted.putIfAbsent(w.segment(), w);
        }
        this.byDeadline = wanted.values().stream()
                .sorted(Comparator.comparingLong(Wanted::deadlineMillis).thenComparing(Wanted::segment))
                .toList();
        for (PeerView p : input.peers()) peers.put(p.id(), p);
    }

    List<Action> run() {
        dropStale();
        var demands = new ArrayList<CdnDemand>();
        checkPeerTransfers(demands);
        for (Wanted w : byDeadline) {
            if (urgent(w) && !covered(w.segment())) demands.add(new CdnDemand(w, null));
        }
        allocateCdn(demands);
        prefetch();
        serveUploads();
        var out = new ArrayList<Action>(cancels);
        out.addAll(finishes);
        out.addAll(cdnFetches);
        out.addAll(peerFetches);
        out.addAll(serves);
        return List.copyOf(out);
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
            PeerView view = peers.get(peer.id());
            boolean stalled = view == null || now - f.lastProgressAtMillis() >= c.stallMillis();
            long finish = stalled ? Long.MAX_VALUE : projectedFinish(f, rate(view));
            if (finish <= w.deadlineMillis() - c.deadlineMarginMillis()) continue;
            if (stalled && !urgent(w)) {
                // Far from the deadline: another peer may still deliver it, so retry rather than pay the CDN.
                live.remove(f);
                cancels.add(new Cancel(f.segment(), f.source(), Reason.STALLED));
                excluded.computeIfAbsent(f.segment(), k -> new HashSet<>()).add(peer.id());
            } else {
                demands.add(new CdnDemand(w, f));
            }
        }
    }

    private void allocateCdn(List<CdnDemand> demands) {
        demands.sort(Comparator.comparingLong((CdnDemand d) -> d.wanted().deadlineMillis())
                .thenComparing(d -> d.wanted().segment()));
        for (CdnDemand d : demands) {
            if (httpLive() >= c.maxHttp() && !(urgent(d.wanted()) && preemptFor(d.wanted()))) continue;
            InFlight late = d.latePeerTransfer();
            if (late == null) {
                issueCdn(d.wanted());
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

    private void prefetch() {
        for (Wanted w : byDeadline) {
            long ahead = w.deadlineMillis() - now;
            // An urgent segment gets here only when every HTTP slot is busy: a peer that can make it beats waiting.
            if (ahead > c.urgentWindowMillis() + c.prefetchWindowMillis() || covered(w.segment())) continue;
            Set<PeerId> skip = excluded.getOrDefault(w.segment(), Set.of());
            var holders = in.peers().stream()
                    .filter(p -> p.holds().contains(w.segment()) && !skip.contains(p.id()))
                    .toList();
            if (holders.isEmpty()) {
                if (urgent(w) || waitingForPeers()) continue;
                // The tracker's count, not the peers connected so far: an agent still connecting would otherwise see
                // a tiny swarm and pull its whole prefetch window from the CDN.
                int viewers = Math.max(in.swarmSize(), peers.size() + 1);
                if (httpLive() < c.maxHttp() && scheduler.pullsNewSegment(w.segment(), viewers)) issueCdn(w);
                continue;
            }
            if (p2pLive() >= c.maxP2p()) continue;
            long budget = w.deadlineMillis() - c.deadlineMarginMillis() - now;
            holders.stream()
                    .filter(p -> load(p.id()) < c.maxPerPeer())
                    .filter(p -> millisFor(queuedBytes(p.id()) + w.sizeBytes(), rate(p)) <= budget)
                    .min(Comparator.comparing((PeerView p) -> !p.sameIsp())
                            .thenComparing(p -> -rate(p))
                            .thenComparingInt(p -> load(p.id()))
                            .thenComparing(PeerView::id))
                    .ifPresent(p -> {
                        peerFetches.add(new FetchFromPeer(w.segment(), p.id(), w.sizeBytes()));
                        live.add(new InFlight(w.segment(), Source.peer(p.id()), 0, w.sizeBytes(), 0, now, now));
                    });
        }
    }

    private void serveUploads() {
        // FIFO without skipping: a large request at the head is not starved by small ones behind it.
        long budget = in.uploadBudgetBytes();
        for (UploadRequest r : in.uploads()) {
            if (r.bytes() > budget) break;
            budget -= r.bytes();
            serves.add(new Serve(r.id(), r.peer()));
        }
    }

    private void issueCdn(Wanted w) {
        cdnFetches.add(new FetchFromCdn(w.segment(), w.sizeBytes()));
        live.add(new InFlight(w.segment(), Source.CDN, 0, w.sizeBytes(), 0, now, now));
    }

    /**
     * Announced peers are still connecting and we joined only just now: a segment no connected peer has waits for
     * them (it goes to the CDN anyway once urgent, so the wait is bounded by its deadline too).
     */
    private boolean waitingForPeers() {
        return in.expectedPeers() > 0 && now - in.joinedAtMillis() < c.peerWaitMillis();
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
        return (int) live.stream().filter(f -> !f.fromPeer()).count();
    }

    private int p2pLive() {
        return (int) live.stream().filter(InFlight::fromPeer).count();
    }

    private int load(PeerId id) {
        return (int) live.stream()
                .filter(f -> f.source() instanceof Source.Peer p && p.id().equals(id))
                .count();
    }

    private long queuedBytes(PeerId id) {
        return live.stream()
                .filter(f -> f.source() instanceof Source.Peer p && p.id().equals(id))
                .mapToLong(InFlight::remaining)
                .sum();
    }

    /**
     * When a peer transfer should end at the measured rate. Time since the last bytes counts twice (once as elapsed,
     * once as delay ahead), so a peer that stops sending crosses its deadline-minus-margin long before the stall
     * timeout, while the margin still leaves the CDN time to deliver the rest.
     */
    private long projectedFinish(InFlight f, long rate) {
        long idle = Math.max(0, now - f.lastProgressAtMillis());
        long transfer = millisFor(f.remaining(), rate);
        return transfer == Long.MAX_VALUE ? Long.MAX_VALUE : now + idle + transfer;
    }

    static long millisFor(long bytes, long bytesPerSec) {
        if (bytesPerSec <= 0) return Long.MAX_VALUE;
        return Math.multiplyHigh(bytes, 1000) != 0 ? Long.MAX_VALUE : (bytes * 1000 + bytesPerSec - 1) / bytesPerSec;
    }
}
