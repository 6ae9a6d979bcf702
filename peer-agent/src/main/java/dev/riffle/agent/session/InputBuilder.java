package dev.riffle.agent.session;

import dev.riffle.agent.playback.PlayerClock;
import dev.riffle.agent.playback.PlayerTracks;
import dev.riffle.agent.playback.Timeline;
import dev.riffle.agent.scheduler.InFlight;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.scheduler.PeerView;
import dev.riffle.agent.scheduler.SchedulerInput;
import dev.riffle.agent.scheduler.SegmentRef;
import dev.riffle.agent.scheduler.SegmentWindow;
import dev.riffle.agent.scheduler.Wanted;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns what the fetch loop knows about one followed rendition into the scheduler's input. Pure: every fact is an
 * argument.
 *
 * <ul>
 *   <li>Wanted segments and their deadlines come from the player's inferred clock: from the segment playing now to the
 *       horizon, those not cached (or being stored); a segment a player already asked for is due no later than its
 *       request must be answered, wherever the clock puts it.
 *   <li>Peers: the open, not banned sessions of the rendition's swarm, with what they hold and claim, the rate the
 *       transport measured, and whether the tracker matched them to our ISP and region.
 *   <li>The swarm's size and the announced peers still connecting come from the tracker's last answer.
 * </ul>
 */
public final class InputBuilder {
    private InputBuilder() {}

    /** What the loop knows about one followed rendition at {@code nowMillis}. */
    public record Facts(
            long nowMillis,
            PeerId self,
            PlayerTracks.Track track,
            Rendition rendition,
            Timeline timeline,
            Set<Long> cached,
            Map<Long, Long> answerBy,
            List<SwarmLink.PeerState> peers,
            SwarmReports.Report report,
            boolean awaitingFirstAnswer,
            Predicate<PeerId> banned,
            List<InFlight> inFlight,
            long cdnRateBytesPerSec,
            long horizonMillis,
            LiveEdge live) {}

    /**
     * A live rendition's edge: when each segment in the window became known here, and the policy. Null for VOD.
     */
    public record LiveEdge(Map<Long, Long> knownAt, LivePolicy policy) {}

    public static SchedulerInput build(Facts f) {
        return new SchedulerInput(
                f.nowMillis(),
                f.self(),
                f.track().rendition(),
                wanted(f),
                f.track().windowStartMillis(),
                views(f),
                f.cdnRateBytesPerSec(),
                f.inFlight(),
                Math.max(f.report().size(), connected(f).size() + 1),
                expected(f));
    }

    /** Segments from the one playing now to the horizon, with the instant playback reaches each. */
    static List<Wanted> wanted(Facts f) {
        Timeline t = f.timeline();
        if (t.lastSeq() < t.firstSeq()) return List.of();
        if (f.live() != null) return liveWanted(f);
        long now = f.nowMillis();
        PlayerClock clock = f.track().clock();
        long from = t.seqAt(clock.position(now));
        var out = new ArrayList<Wanted>();
        long seq = from;
        for (; seq <= t.lastSeq(); seq++) {
            long deadline = clock.deadline(t.startMs(seq), now);
            if (deadline - now > f.horizonMillis()) break;
            if (f.cached().contains(seq)) continue;
            out.add(wanted(f, seq, Math.min(deadline, f.answerBy().getOrDefault(seq, Long.MAX_VALUE))));
        }
        // Asked for beyond the horizon (a player reading far ahead, or seeking back): wanted by when it must answer.
        for (var e : f.answerBy().entrySet()) {
            long s = e.getKey();
            if ((s < from || s >= seq) && t.contains(s) && !f.cached().contains(s)) out.add(wanted(f, s, e.getValue()));
        }
        return out;
    }

    /**
     * Live: every segment from the one the player is at (or the oldest still offered) to the newest, each due
     * {@code latency - duration} after it became known, or when the player's request must be answered if sooner; and
     * whatever older segment the player still asks for, by then.
     */
    static List<Wanted> liveWanted(Facts f) {
        Timeline t = f.timeline();
        long from = liveFrom(f);
        var out = new ArrayList<Wanted>();
        LivePolicy policy = f.live().policy();
        for (long seq = from; seq <= t.lastSeq(); seq++) {
            if (f.cached().contains(seq)) continue;
            long known = f.live().knownAt().getOrDefault(seq, f.nowMillis());
            long due = liveDue(known, t.endMs(seq) - t.startMs(seq), policy);
            out.add(wanted(f, seq, Math.min(due, f.answerBy().getOrDefault(seq, Long.MAX_VALUE))));
        }
        for (var e : f.answerBy().entrySet()) {
            long s = e.getKey();
            if (s < from && t.contains(s) && !f.cached().contains(s)) out.add(wanted(f, s, e.getValue()));
        }
        return out;
    }

    /**
     * When a live segment is due at the player: its first frame was shot about its duration before the agent learned
     * of it, so this keeps the player {@code latency} behind the encoder without the two clocks having to agree.
     */
    public static long liveDue(long knownAtMillis, long durationMillis, LivePolicy policy) {
        return knownAtMillis + policy.latencyMillis() - durationMillis;
    }

    /**
     * The first live segment wanted: before the player asked for one, the oldest its playlist offers; then where the
     * player is, but never older than the span the agent keeps up with.
     */
    private static long liveFrom(Facts f) {
        Timeline t = f.timeline();
        long edge = t.endMs(t.lastSeq());
        LivePolicy policy = f.live().policy();
        if (f.track().playhead() < 0) return t.seqAt(edge - policy.offerMillis());
        return Math.max(
                t.seqAt(edge - policy.behindMillis()), t.seqAt(f.track().clock().position(f.nowMillis())));
    }

    /**
     * What this agent tells its peers it wants: from the segment playing now to the last one due within
     * {@code windowMillis} (the scheduler's pull-ahead horizon and share slack), cached or not; live, everything from
     * there on, including segments not yet published.
     */
    public static SegmentWindow window(Facts f, long windowMillis) {
        Timeline t = f.timeline();
        if (t.lastSeq() < t.firstSeq()) return SegmentWindow.NONE;
        if (f.live() != null) {
            // Open-ended: every peer learns of a new live segment at about the same moment, before any WINDOW naming
            // it could reach the others; a window closed at the newest known segment would make each of them think
            // nobody else wants the new one, and all would pull it from the CDN.
            long from = liveFrom(f);
            return new SegmentWindow(from, Math.max(1, (long) Integer.MAX_VALUE - from));
        }
        long now = f.nowMillis();
        PlayerClock clock = f.track().clock();
        long from = t.seqAt(clock.position(now));
        long to = from;
        while (to < t.lastSeq() && clock.deadline(t.startMs(to + 1), now) - now <= windowMillis) to++;
        return new SegmentWindow(from, to - from + 1);
    }

    private static Wanted wanted(Facts f, long seq, long deadline) {
        long size = f.rendition().segment(seq).map(Segment::size).orElse(1L);
        return new Wanted(new SegmentRef(f.track().rendition(), seq), size, deadline);
    }

    static List<PeerView> views(Facts f) {
        var out = new ArrayList<PeerView>();
        for (SwarmLink.PeerState p : connected(f)) {
            Map<Long, Integer> claims = new HashMap<>();
            p.claims().forEach((seq, hops) -> claims.put(seq.longValue(), hops));
            out.add(new PeerView(
                    p.id(), f.report().local().contains(p.id()), p.rateBytesPerSec(), p.holds(), claims, p.wants()));
        }
        return out;
    }

    private static List<SwarmLink.PeerState> connected(Facts f) {
        return f.peers().stream().filter(p -> !f.banned().test(p.id())).toList();
    }

    /**
     * Announced peers not connected yet (and not banned): the scheduler waits a little for them. Before the tracker's
     * first answer for the swarm, peers are unknown rather than absent: count one.
     */
    private static int expected(Facts f) {
        Set<PeerId> connected = new HashSet<>();
        f.peers().forEach(p -> connected.add(p.id()));
        int announced = (int) f.report().announced().stream()
                .filter(p -> !connected.contains(p) && !f.banned().test(p) && !p.equals(f.self()))
                .count();
        return f.awaitingFirstAnswer() ? Math.max(1, announced) : announced;
    }
}
