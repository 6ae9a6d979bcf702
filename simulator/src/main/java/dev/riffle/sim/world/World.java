package dev.riffle.sim.world;

import dev.riffle.agent.scheduler.Scheduler;
import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.session.LivePolicy;
import dev.riffle.sim.engine.EventQueue;
import dev.riffle.sim.scenario.Scenario;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * One run of a scenario: viewers arrive, announce, connect, play and leave; their agents tick the production scheduler;
 * bytes move as fluid flows. Deterministic for a scenario and seed: one random stream, one event order.
 */
public final class World implements Flows.Listener {
    private final Scenario scenario;
    private final EventQueue<Runnable> queue = new EventQueue<>();
    private final Tally tally;
    private final Flows flows;
    private final Matchmaking matchmaking;
    private final AgentStep agents;
    private final List<Viewer> viewers;
    private final long durationMillis;
    private final boolean p2p;
    private final int cacheSegmentsMb;
    private int watching;
    /** The agent's first guess of the CDN's rate (FetchExecutor.INITIAL_CDN_RATE). */
    static final double INITIAL_CDN_RATE = 2_000_000;
    /** The agent's loop period (AgentConfig's default tick): it runs its scheduler this often from its session's start. */
    static final long TIMER_MILLIS = 150;

    public World(Scenario scenario, SchedulerConfig config) {
        this.scenario = scenario;
        this.durationMillis = scenario.durationSeconds() * 1000L;
        this.p2p = scenario.agents().p2p() && scenario.agents().maxPeers() > 0;
        this.cacheSegmentsMb = scenario.agents().cacheMegabytes();
        var rng = new SplittableRandom(scenario.seed());
        this.tally = new Tally(durationMillis, scenario.catalogue().titles());
        this.viewers = new Population(scenario, rng.split()).viewers();
        var network = new Network(scenario.audience().latency());
        this.flows = new Flows(
                queue,
                tally,
                scenario.cdn().edgeBytesPerSec(),
                scenario.agents().uploadBurstBytes(),
                this);
        this.matchmaking =
                new Matchmaking(queue, network, rng.split(), scenario.agents().maxPeers(), tally, viewers);
        this.agents = new AgentStep(
                new Scheduler(config),
                flows,
                network,
                tally,
                viewers,
                scenario.agents().liveLatencyMillis());
    }

    /** Live: the tighter deadline margin of the agent's live policy, as the agent configures its scheduler. */
    static SchedulerConfig scheduling(Scenario scenario, SchedulerConfig config) {
        if (!scenario.catalogue().live()) return config;
        int latency = scenario.agents().liveLatencyMillis();
        var defaults = LivePolicy.defaults();
        var policy = new LivePolicy(
                latency,
                Math.min(defaults.offerMillis(), latency),
                Math.max(latency, defaults.behindMillis()),
                defaults.marginMillis());
        return config.toBuilder().deadlineMarginMillis(policy.marginMillis()).build();
    }

    public World(Scenario scenario) {
        this(scenario, SchedulerConfig.defaults());
    }

    /** Runs to the end; {@code progress} hears the simulated time now and then. Returns what was counted. */
    public Tally run(LongConsumer progress) {
        for (Viewer v : viewers) queue.schedule(v.joinAt, () -> arrive(v));
        for (long t = 0; t < durationMillis; t += Tally.BUCKET_MILLIS) {
            long at = t;
            queue.schedule(t, () -> tally.concurrent[tally.bucket(at)] = watching);
        }
        if (scenario.catalogue().live()) publishLive(viewers.isEmpty() ? null : viewers.get(0).swarm);
        long reported = 0;
        // Bounded: every event moves time forward or is one of finitely many at the same instant (each tick of a
        // viewer at a given time is scheduled once), and nothing is scheduled past the end.
        while (!queue.isEmpty() && queue.peekTime() < durationMillis) {
            queue.take().run();
            if (queue.now() - reported >= 60_000) {
                reported = queue.now();
                progress.accept(reported);
            }
        }
        long end = durationMillis;
        for (Viewer v : viewers) if (v.state == Viewer.State.WATCHING) closePlayback(v, end);
        progress.accept(end);
        return tally;
    }

    private void publishLive(Swarm s) {
        if (s == null) return;
        for (long seq = 0; seq < s.segments; seq++) {
            long at = s.knownAt(seq);
            if (at >= durationMillis) break;
            queue.schedule(at, () -> {
                for (int i = 0; i < s.members.size(); i++) {
                    Viewer m = s.members.get(i);
                    if (m.state == Viewer.State.WATCHING) tickOnTimer(m, at);
                }
            });
        }
    }

    private void arrive(Viewer v) {
        long now = queue.now();
        tally.joined++;
        v.state = Viewer.State.WATCHING;
        watching++;
        v.windowStart = now;
        v.cdnRate = INITIAL_CDN_RATE;
        long first = v.swarm.live ? Math.max(0, v.swarm.newestKnown(now)) : v.startSeq;
        v.playFrom = first;
        v.nextToPlay = first;
        v.leaveAt = now + v.watchMillis;
        queue.schedule(Math.min(v.leaveAt, durationMillis), () -> leave(v));
        if (v.seekAfterMillis >= 0) queue.schedule(now + v.seekAfterMillis, () -> seek(v));
        if (p2p) {
            v.swarm.join(v);
            announce(v);
        }
        tick(v, now);
    }

    private void announce(Viewer v) {
        if (!v.present()) return;
        long now = queue.now();
        matchmaking.announce(v, now, () -> tickOnTimer(v, queue.now()));
        queue.schedule(now + scenario.agents().reannounceSeconds() * 1000L, () -> announce(v));
    }

    /**
     * Asks for a tick of {@code v} at {@code at}, unless one is due by then already. Only the player's requests tick the
     * agent at once (its shell runs the scheduler when the player asks for a segment it lacks); everything else is seen
     * at the agent's next timer tick: {@link #tickOnTimer}.
     */
    private void tick(Viewer v, long at) {
        if (v.pendingDecideAt <= at) return;
        v.pendingDecideAt = at;
        queue.schedule(at, () -> {
            if (v.pendingDecideAt != at) return;
            v.pendingDecideAt = Long.MAX_VALUE;
            long next = agents.tick(v, at);
            if (next != Long.MAX_VALUE) tickOnTimer(v, next);
        });
    }

    /**
     * A tick at the agent's first timer tick at or after {@code at}. The agent's loop runs every {@link #TIMER_MILLIS}
     * from its arrival; a transfer done, a peer's HAVE or connection, a live segment published or a threshold of time
     * passed changes nothing until then, as nothing in the agent's shell runs the scheduler on those.
     */
    private void tickOnTimer(Viewer v, long at) {
        tick(v, onTimer(v.joinAt, at));
    }

    /** The first moment at or after {@code at} on the timer started at {@code startedAt}. */
    static long onTimer(long startedAt, long at) {
        return at + Math.floorMod(startedAt - at, TIMER_MILLIS);
    }

    @Override
    public void completed(Flow f, long now) {
        Viewer v = f.dst;
        Viewer from = f.src != null ? f.src : f.keptFrom;
        long peer = f.src != null ? f.length + f.keptPeerBytes : f.keptPeerBytes;
        long cdn = f.src != null ? 0 : f.length;
        if (v.have.get((int) f.seq)) {
            tally.wastedPeerBytes += peer;
            tally.wastedCdnBytes += cdn;
        } else {
            long same = from != null && Network.sameIsp(v, from) ? peer : 0;
            tally.delivered(now, v.swarm.titleRank, peer, same, cdn);
            long cacheSegments = Math.max(8, cacheSegmentsMb * 1_000_000L / v.swarm.segmentBytes);
            v.store(f.seq, (int) Math.min(Integer.MAX_VALUE, cacheSegments));
        }
        long took = Math.max(1, now - f.startedAt);
        if (f.src != null) v.measuredRate.put(f.src.index, f.length * 1000 / took);
        // As the agent's FetchExecutor: the mean of the last estimate and this fetch, never under 100 kB/s.
        else v.cdnRate = Math.max(100_000, (v.cdnRate + f.length * 1000.0 / took) / 2);
        if (v.state == Viewer.State.WATCHING && f.seq == v.nextToPlay) {
            if (!v.playing()) startPlayback(v, now);
            else if (v.stallSince >= 0) resume(v, now);
        }
        wakeNeighbours(v, f.seq, now);
        tickOnTimer(v, now);
    }

    private void wakeNeighbours(Viewer v, long seq, long now) {
        long horizonSegs = 1 + (agents.windowMillis() + 40_000) / v.swarm.segmentMillis;
        for (Viewer n : v.neighbours) {
            // Cheapest first: the neighbour's own fields, then its segment set, then its downloads.
            if (n.state != Viewer.State.WATCHING) continue;
            if (seq < n.nextToPlay || seq > n.nextToPlay + horizonSegs || n.have.get((int) seq)) continue;
            boolean coming = false;
            for (Flow d : n.downloads) coming |= d.seq == seq;
            if (!coming) tickOnTimer(n, now);
        }
    }

    // --- the player ---

    private void startPlayback(Viewer v, long now) {
        long base = now;
        if (v.swarm.live)
            base = Math.max(
                    now, v.swarm.knownAt(v.playFrom) + scenario.agents().liveLatencyMillis() - v.swarm.segmentMillis);
        v.base = base;
        v.startedAt = base;
        v.stalledMillis = 0;
        if (v.startSeqIsJoin()) tally.startup(now - v.joinAt);
        schedulePlayTick(v);
    }

    private void schedulePlayTick(Viewer v) {
        long at = v.deadline(v.nextToPlay + 1, queue.now());
        int version = ++v.playVersion;
        if (at < durationMillis) queue.schedule(Math.max(at, queue.now()), () -> playTick(v, version));
    }

    /** The player finished a segment and needs the next one. */
    private void playTick(Viewer v, int version) {
        if (v.playVersion != version || v.state != Viewer.State.WATCHING) return;
        long now = queue.now();
        v.nextToPlay++;
        if (v.nextToPlay >= v.swarm.segments) {
            leave(v);
            return;
        }
        if (v.have.get((int) v.nextToPlay)) {
            // served from the cache: the shell does not run the scheduler for a hit, its timer sees the player move on
            schedulePlayTick(v);
            tickOnTimer(v, now);
        } else {
            v.stallSince = now;
            tally.stalls++;
            tick(v, now);
        }
    }

    private void resume(Viewer v, long now) {
        v.stalledMillis += now - v.stallSince;
        v.stallSince = -1;
        schedulePlayTick(v);
    }

    /** Adds the session's play and stall time to the tally and stops the player. */
    private void closePlayback(Viewer v, long now) {
        if (!v.playing()) return;
        long stalled = v.stalledMillis + (v.stallSince >= 0 ? now - v.stallSince : 0);
        tally.stallMillis += stalled;
        tally.playMillis += Math.max(0, now - v.base - stalled);
        v.base = -1;
        v.stallSince = -1;
        v.playVersion++;
    }

    private void seek(Viewer v) {
        if (v.state != Viewer.State.WATCHING) return;
        long now = queue.now();
        closePlayback(v, now);
        tally.seeks++;
        for (Flow f : List.copyOf(v.downloads)) cancel(f, now);
        long target = Math.min(v.swarm.segments - 1, (long) (v.seekTo * v.swarm.segments));
        v.playFrom = target;
        v.nextToPlay = target;
        v.seeked = true;
        v.windowStart = now;
        tick(v, now);
    }

    private void cancel(Flow f, long now) {
        long wasted = flows.end(f, now);
        if (f.fromCdn()) tally.wastedCdnBytes += wasted;
        else tally.wastedPeerBytes += wasted;
    }

    private void leave(Viewer v) {
        long now = queue.now();
        if (v.state == Viewer.State.WATCHING) {
            closePlayback(v, now);
            watching--;
            for (Flow f : List.copyOf(v.downloads)) cancel(f, now);
            int seed = scenario.agents().seedAfterWatchSeconds();
            if (p2p && seed > 0) {
                v.state = Viewer.State.SEEDING;
                v.claims = java.util.Map.of();
                queue.schedule(Math.min(durationMillis, now + seed * 1000L), () -> leave(v));
                return;
            }
        }
        if (v.state == Viewer.State.GONE) return;
        v.state = Viewer.State.GONE;
        for (Flow f : List.copyOf(v.uploads)) {
            flows.orphan(f, now);
            tickOnTimer(f.dst, now);
        }
        for (Viewer n : v.neighbours) n.neighbours.remove(v);
        v.neighbours.clear();
        v.swarm.leave(v);
    }
}
