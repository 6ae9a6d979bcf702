package dev.riffle.sim.world;

import dev.riffle.agent.scheduler.Action;
import dev.riffle.agent.scheduler.Decision;
import dev.riffle.agent.scheduler.InFlight;
import dev.riffle.agent.scheduler.PeerView;
import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.scheduler.SchedulerInput;
import dev.riffle.agent.scheduler.Source;
import dev.riffle.agent.scheduler.Wanted;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One agent's tick, as the production shell does it (peer-agent's {@code InputBuilder} and {@code FetchExecutor}):
 * build the {@link SchedulerInput} from what the agent knows, run the production {@link Scheduler}, carry out its
 * actions on the flows, and publish its claims to its peers.
 */
final class AgentStep {
    /**
     * While a wanted segment is near its deadline and not covered, the agent ticks on every beat of its timer: it asks
     * for a tick this many milliseconds ahead, which the world moves onto its next beat.
     */
    static final long NEXT_BEAT = 1;

    private final Scheduler scheduler;
    private final SchedulerConfig config;
    private final Flows flows;
    private final Network network;
    private final Tally tally;
    private final List<Viewer> all;
    private final long liveLatencyMillis;
    private final long horizonMillis;
    private final long windowMillis;

    AgentStep(Scheduler scheduler, Flows flows, Network network, Tally tally, List<Viewer> all, long liveLatency) {
        this.scheduler = scheduler;
        this.config = scheduler.config();
        this.flows = flows;
        this.network = network;
        this.tally = tally;
        this.all = all;
        this.liveLatencyMillis = liveLatency;
        this.horizonMillis = config.urgentWindowMillis() + config.prefetchWindowMillis();
        this.windowMillis = config.pullAheadMillis() + config.shareSlackMillis();
    }

    long windowMillis() {
        return windowMillis;
    }

    /** Runs one tick for {@code v}; returns when it wants its next tick (Long.MAX_VALUE: when something happens). */
    long tick(Viewer v, long now) {
        if (v.state != Viewer.State.WATCHING) return Long.MAX_VALUE;
        tally.decisions++;
        for (Flow f : List.copyOf(v.downloads)) flows.finishIfDone(f, now);
        List<Wanted> wanted = wanted(v, now);
        var input = new SchedulerInput(
                now,
                v.id,
                v.swarm.rendition,
                wanted,
                v.windowStart,
                views(v, now),
                (long) Math.max(1, v.cdnRate),
                inFlight(v, now),
                Math.max(v.swarm.members.size(), v.neighbours.size() + 1),
                v.connecting);
        Decision d = scheduler.decide(input);
        for (Action a : d.actions()) apply(v, a, now);
        // Copied only when changed: most ticks claim what the last one did, and every peer's view reads this map.
        if (!sameClaims(v.claims, d.claims())) v.claims = d.claims().isEmpty() ? Map.of() : Map.copyOf(d.claims());
        return nextTick(v, wanted, now);
    }

    private static boolean sameClaims(Map<Long, Integer> held, Map<Long, Integer> fresh) {
        if (held.size() != fresh.size()) return false;
        for (var e : fresh.entrySet()) {
            if (!e.getValue().equals(held.get(e.getKey()))) return false;
        }
        return true;
    }

    /** Segments from the one playing to the horizon, not held, with when the player reaches each. */
    private List<Wanted> wanted(Viewer v, long now) {
        Swarm s = v.swarm;
        long last = s.newestKnown(now);
        var out = new ArrayList<Wanted>();
        for (long seq = v.nextToPlay; seq <= last; seq++) {
            long deadline = v.deadline(seq, now);
            // Live: due a fixed latency after the segment became known, as LivePolicy (or when the player needs it).
            if (s.live) deadline = Math.min(deadline, s.knownAt(seq) + liveLatencyMillis - s.segmentMillis);
            if (deadline - now > horizonMillis) break;
            if (!v.have.get((int) seq)) out.add(new Wanted(s.ref(seq), s.segmentBytes, deadline));
        }
        return out;
    }

    private List<PeerView> views(Viewer v, long now) {
        var out = new ArrayList<PeerView>(v.neighbours.size());
        for (Viewer p : v.neighbours) {
            long rate = meteredRate(v, p);
            out.add(new PeerView(p.id, Network.sameIsp(v, p), rate, p.holds(), p.claims, p.wants(now, windowMillis)));
        }
        return out;
    }

    /**
     * What the transport's meter shows for {@code p}: the bytes/s arriving from it now while a transfer runs (the
     * meter samples the data channel), otherwise the rate of the last transfer from it; 0 = never measured.
     */
    private static long meteredRate(Viewer v, Viewer p) {
        double now = 0;
        boolean running = false;
        for (Flow f : v.downloads) {
            if (f.src == p && f.active && !f.ended) {
                now += f.rate;
                running = true;
            }
        }
        return running ? (long) now : v.measuredRate.getOrDefault(p.index, 0L);
    }

    private List<InFlight> inFlight(Viewer v, long now) {
        var out = new ArrayList<InFlight>(v.downloads.size());
        for (Flow f : v.downloads) {
            flows.settle(f, now);
            Source src = f.src == null ? Source.CDN : f.src.asSource;
            out.add(new InFlight(
                    v.swarm.ref(f.seq),
                    src,
                    f.offset,
                    f.length,
                    f.bytesDone(),
                    f.startedAt,
                    f.active ? f.lastProgressAt : f.startedAt));
        }
        return out;
    }

    private void apply(Viewer v, Action a, long now) {
        if (a instanceof Action.FetchFromCdn c) {
            if (c.why() == Action.Why.ELECTED) tally.cdnElected++;
            else tally.cdnDeadline++;
            flows.start(new Flow(v, null, c.segment().seq(), 0, c.sizeBytes(), now, 0, null), network.cdnRtt());
        } else if (a instanceof Action.FetchFromPeer p) {
            tally.peerRequests++;
            Viewer src = all.get(Viewer.indexOf(p.peer().value()));
            flows.start(new Flow(v, src, p.segment().seq(), 0, p.sizeBytes(), now, 0, null), network.rtt(v, src));
        } else if (a instanceof Action.Cancel c) {
            Flow f = find(v, c.segment().seq(), c.source());
            if (f == null) return;
            tally.cancels++;
            long wasted = flows.end(f, now);
            if (f.fromCdn()) tally.wastedCdnBytes += wasted;
            else tally.wastedPeerBytes += wasted;
        } else if (a instanceof Action.FinishFromCdn fin) {
            Flow f = find(v, fin.segment().seq(), Source.peer(fin.cancelledPeer()));
            if (f == null) return;
            tally.cdnFinishes++;
            long kept = flows.end(f, now);
            long first = f.offset + kept;
            flows.start(new Flow(v, null, f.seq, first, f.length - kept, now, first, f.src), network.cdnRtt());
        }
    }

    private static Flow find(Viewer v, long seq, Source source) {
        for (Flow f : v.downloads) {
            if (f.seq != seq) continue;
            if (source instanceof Source.Peer p ? f.src != null && f.src.id.equals(p.id()) : f.src == null) return f;
        }
        return null;
    }

    /**
     * When this agent's decisions may change with time alone, so it need not tick in between (the production shell
     * ticks every 150 ms; between these moments such ticks decide nothing new, and the world moves each moment onto
     * the next of them). For a wanted segment not on its way: when it enters the pull-ahead horizon or the urgent
     * window, when the CDN could barely still make its deadline (the deadline guard), when a waiting player's grace runs
     * out, and when the wait for peers still connecting ends. While a segment near its deadline comes from a peer, or a
     * threshold has passed, it ticks on every beat (the scheduler watches late and stalled transfers). Events (a
     * transfer done, a peer's HAVE, the player moving on) tick it besides.
     */
    private long nextTick(Viewer v, List<Wanted> wanted, long now) {
        long next = Long.MAX_VALUE;
        long peersWaitEnd = v.windowStart + config.peerWaitMillis();
        if (v.connecting > 0 && peersWaitEnd > now) next = peersWaitEnd;
        for (Wanted w : wanted) {
            long seq = w.segment().seq();
            Flow flow = null;
            for (Flow d : v.downloads) if (d.seq == seq) flow = d;
            long deadline = w.deadlineMillis();
            if (flow != null) {
                if (flow.src == null) continue;
                // From a peer: the scheduler watches it once it is urgent.
                long urgentAt = deadline - config.urgentWindowMillis();
                if (urgentAt <= now) return now + NEXT_BEAT;
                next = Math.min(next, urgentAt);
                continue;
            }
            long lead =
                    config.deadlineMarginMillis() + (long) Math.ceil(w.sizeBytes() * 1000.0 / Math.max(1, v.cdnRate));
            long[] moments = {
                deadline - config.pullAheadMillis(),
                deadline - config.urgentWindowMillis(),
                deadline - lead,
                deadline + config.blockedGraceMillis()
            };
            for (long m : moments) {
                if (m > now) next = Math.min(next, m);
            }
            if (deadline - lead <= now && deadline + config.blockedGraceMillis() <= now) return now + NEXT_BEAT;
        }
        return next;
    }
}
