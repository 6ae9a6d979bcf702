package dev.riffle.tracker.polluter;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;

/** Reports and exclusions of one tracker (the single-machine default), bounded in the peers it remembers. */
public final class InMemoryPolluterStore implements PolluterStore {
    private final int maxPeers;
    private final Map<String, Map<String, Long>> reports = new HashMap<>();
    private final Map<String, Long> excludedUntil = new HashMap<>();

    public InMemoryPolluterStore(int maxPeers) {
        if (maxPeers < 1) throw new IllegalArgumentException("maxPeers < 1");
        this.maxPeers = maxPeers;
    }

    @Override
    public synchronized CompletionStage<Map<String, Long>> record(
            String offender, String account, long nowMillis, long keepMillis) {
        long since = nowMillis - keepMillis;
        if (!reports.containsKey(offender) && reports.size() >= maxPeers) {
            reports.values().removeIf(byAccount -> {
                byAccount.values().removeIf(at -> at <= since);
                return byAccount.isEmpty();
            });
            if (reports.size() >= maxPeers) return CompletableFuture.completedFuture(Map.of());
        }
        Map<String, Long> byAccount = reports.computeIfAbsent(offender, k -> new HashMap<>());
        byAccount.values().removeIf(at -> at <= since);
        if (byAccount.containsKey(account) || byAccount.size() < MAX_ACCOUNTS_PER_PEER)
            byAccount.put(account, nowMillis);
        return CompletableFuture.completedFuture(Map.copyOf(byAccount));
    }

    @Override
    public synchronized CompletionStage<Void> exclude(String offender, long nowMillis, long untilMillis) {
        excludedUntil.merge(offender, untilMillis, Math::max);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Set<String>> excluded(long nowMillis) {
        excludedUntil.values().removeIf(until -> until <= nowMillis);
        return CompletableFuture.completedFuture(
                excludedUntil.keySet().stream().collect(Collectors.toUnmodifiableSet()));
    }

    @Override
    public void close() {}
}
