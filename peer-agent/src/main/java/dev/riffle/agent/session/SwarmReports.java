package dev.riffle.agent.session;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.swarm.SwarmId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the tracker said about each swarm in its last announce answer: how many viewers it has ({@code size}, us
 * included) and which peers it handed us. The tracker client writes it, the fetch loops read it on their own context,
 * so it is thread-safe; an agent without a tracker leaves it empty (size 0 = unknown, no peers expected).
 */
public final class SwarmReports {
    /**
     * One swarm's last answer; {@code announced} shrinks as dials to those peers fail; {@code local} are the peers the
     * tracker matched to our ISP and region (its {@code isp-region} tier), remembered across answers.
     */
    public record Report(int size, Set<PeerId> announced, Set<PeerId> local) {
        public Report {
            if (size < 0) throw new IllegalArgumentException("size < 0");
            announced = Set.copyOf(announced);
            local = Set.copyOf(local);
        }

        public Report(int size, Set<PeerId> announced) {
            this(size, announced, Set.of());
        }
    }

    /** Same-ISP peers remembered per swarm at most: a tracker answer lists 30-50. */
    static final int MAX_LOCAL = 256;

    private static final Report NONE = new Report(0, Set.of(), Set.of());
    private final Map<SwarmId, Report> reports = new ConcurrentHashMap<>();
    private final boolean expectsAnswers;

    /** For an agent without a tracker: no answer ever comes, nobody is expected. */
    public SwarmReports() {
        this(false);
    }

    /** @param expectsAnswers the agent announces to a tracker, so a swarm with no answer yet is not known to be empty */
    public SwarmReports(boolean expectsAnswers) {
        this.expectsAnswers = expectsAnswers;
    }

    /**
     * Whether the tracker has not answered for {@code swarm} yet although the agent uses one: its peers are unknown,
     * not absent (a new segment should not be taken on alone in that first second).
     */
    public boolean awaitingFirstAnswer(SwarmId swarm) {
        return expectsAnswers && !reports.containsKey(swarm);
    }

    /** The tracker answered for {@code swarm}. */
    public void reported(SwarmId swarm, int size, Set<PeerId> announced) {
        reported(swarm, size, announced, Set.of());
    }

    /** The tracker answered for {@code swarm}, naming which of the announced peers share our ISP and region. */
    public void reported(SwarmId swarm, int size, Set<PeerId> announced, Set<PeerId> local) {
        reports.compute(swarm, (k, old) -> {
            var keep = new java.util.HashSet<PeerId>(local);
            if (old != null) {
                for (PeerId p : old.local()) {
                    if (keep.size() >= MAX_LOCAL) break;
                    keep.add(p);
                }
            }
            return new Report(Math.max(0, size), announced, keep);
        });
    }

    /** A dial to an announced peer failed: it will not connect, so nobody should wait for it. */
    public void unreachable(SwarmId swarm, PeerId peer) {
        reports.computeIfPresent(swarm, (k, r) -> {
            if (!r.announced().contains(peer)) return r;
            var left = new java.util.HashSet<>(r.announced());
            left.remove(peer);
            return new Report(r.size(), left, r.local());
        });
    }

    public Report of(SwarmId swarm) {
        return reports.getOrDefault(swarm, NONE);
    }
}
