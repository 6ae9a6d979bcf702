package dev.riffle.agent.scheduler;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one tick decided: the actions for the I/O shell, and the segments this agent now claims towards its peers
 * (seq → hops; see {@link PeerView#claims()}). The shell sends a peer only what changed since the last tick.
 */
public record Decision(List<Action> actions, SortedMap<Long, Integer> claims) {
    public Decision {
        actions = List.copyOf(actions);
        claims = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(claims));
    }

    public static Decision of(List<Action> actions, Map<Long, Integer> claims) {
        return new Decision(actions, new TreeMap<>(claims));
    }
}
