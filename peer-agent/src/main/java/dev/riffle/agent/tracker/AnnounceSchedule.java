package dev.riffle.agent.tracker;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When to announce what, pure (time passed in). The tracker creates a swarm only on {@code started} and answers
 * {@code unknown-swarm} to an {@code update} for a swarm it forgot (restart, peer TTL), so: a swarm not yet joined makes
 * the next announce a {@code started}; swarms no longer held are left with {@code stopped}; otherwise {@code update} at
 * the interval the tracker handed out. A failed announce is retried after a pause, never in a tight loop.
 *
 * <p>In the first {@value #EARLY_MILLIS} ms in its swarms, an answer that handed out fewer peers than the swarm holds
 * (or none), or peers the agent is not connected to yet, is asked again after {@value #EARLY_RETRY_MILLIS} ms instead
 * of the interval: agents that join in the same instant each get an answer from before the others were there, or dial
 * a peer that has not opened the title yet and is refused, and none of them would try again until the next announce,
 * a minute later.
 */
public final class AnnounceSchedule {
    public enum Event {
        STARTED,
        UPDATE,
        STOPPED
    }

    /** One announce to send: the event and the swarms it names. */
    public record Plan(Event event, Set<String> swarms) {
        public Plan {
            swarms = Set.copyOf(swarms);
        }
    }

    static final long EARLY_MILLIS = 20_000;
    static final long EARLY_RETRY_MILLIS = 2_000;

    private final long retryMillis;
    private long firstJoinedAt = -1;
    private final Set<String> joined = new HashSet<>();
    private long dueAt;
    private long notBefore;

    public AnnounceSchedule(long retryMillis) {
        this.retryMillis = retryMillis;
    }

    /** What to send now, given the swarms the agent is in; empty when nothing is due. */
    public Optional<Plan> next(long now, Set<String> current) {
        if (now < notBefore) return Optional.empty();
        Set<String> gone = new HashSet<>(joined);
        gone.removeAll(current);
        if (!gone.isEmpty()) return Optional.of(new Plan(Event.STOPPED, gone));
        if (current.isEmpty()) return Optional.empty();
        if (!joined.containsAll(current)) return Optional.of(new Plan(Event.STARTED, current));
        if (now >= dueAt) return Optional.of(new Plan(Event.UPDATE, current));
        return Optional.empty();
    }

    /** The tracker answered {@code plan}: {@code ok} swarms are joined, the rest (unknown, left) are not. */
    public void answered(long now, Plan plan, Set<String> ok, long intervalSeconds) {
        answered(now, plan, ok, intervalSeconds, false);
    }

    /**
     * As above; {@code shortOfPeers}: for a swarm the player wants, the answer handed out fewer peers than the swarm
     * holds besides us, or none, or peers not connected yet.
     */
    public void answered(long now, Plan plan, Set<String> ok, long intervalSeconds, boolean shortOfPeers) {
        if (plan.event() == Event.STOPPED) {
            joined.removeAll(plan.swarms());
            if (joined.isEmpty()) firstJoinedAt = -1;
            return;
        }
        joined.removeAll(plan.swarms());
        joined.addAll(ok);
        if (joined.isEmpty()) firstJoinedAt = -1;
        else if (firstJoinedAt < 0) firstJoinedAt = now;
        dueAt = now + Math.max(1, intervalSeconds) * 1000;
        if (shortOfPeers && firstJoinedAt >= 0 && now - firstJoinedAt < EARLY_MILLIS) {
            dueAt = Math.min(dueAt, now + EARLY_RETRY_MILLIS);
        }
    }

    /** The tracker forgot every swarm of an update (404): join again at once. */
    public void forgotten(Plan plan) {
        joined.removeAll(plan.swarms());
    }

    public void failed(long now, Plan plan) {
        // A stopped that fails is dropped: the tracker's peer TTL forgets us anyway.
        if (plan.event() == Event.STOPPED) joined.removeAll(plan.swarms());
        notBefore = now + retryMillis;
    }

    /** Swarms the tracker knows this agent in, for the final {@code stopped}. */
    public List<String> joined() {
        return List.copyOf(joined);
    }
}
