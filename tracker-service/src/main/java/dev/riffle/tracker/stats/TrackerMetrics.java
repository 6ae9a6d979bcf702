package dev.riffle.tracker.stats;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tracker counters for Prometheus ({@code riffle_tracker_*}). Every label takes values from a fixed set or passes a
 * {@link LabelCap} first, so cardinality stays bounded.
 */
@ApplicationScoped
public class TrackerMetrics {

    private final MeterRegistry registry;
    private final DistributionSummary swarmPeers;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public TrackerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.swarmPeers = DistributionSummary.builder("riffle.tracker.swarm.peers")
                .description("Live peers in a swarm, sampled at each announce")
                .publishPercentiles(0.5, 0.9, 0.99)
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** {@code event}: started, update, stopped. */
    public void announce(String event) {
        announces
                .computeIfAbsent(event, e -> counter("riffle.tracker.announces", "Announces handled", "event", e))
                .increment();
    }

    /** {@code reason}: a problem reason or WebSocket close reason from the code, never client text. */
    public void rejected(String reason) {
        counter("riffle.tracker.rejections", "Requests and connections rejected", "reason", reason)
                .increment();
    }

    /** A stats entry that did not count ({@link StatsGuard} reasons, or drm-license not answering). */
    public void statsDropped(String reason) {
        counter("riffle.tracker.stats.dropped", "Stats report entries that did not count, by reason", "reason", reason)
                .increment();
    }

    public void swarmSize(long peers) {
        swarmPeers.record(peers);
    }

    /** {@code type}: offer, answer, ice; {@code outcome}: relayed, dropped. */
    public void signal(String type, String outcome) {
        counter("riffle.tracker.signal.messages", "Signalling messages", "type", type, "outcome", outcome)
                .increment();
    }

    /** {@code outcome}: counted (recorded toward a verdict) or refused (malformed, forged, rate-limited). */
    public void polluterReport(String outcome) {
        counter("riffle.tracker.polluter.reports", "Polluter reports from agents, by outcome", "outcome", outcome)
                .increment();
    }

    /** A peer reported by enough distinct accounts stopped being handed out. */
    public void polluterExcluded() {
        counter("riffle.tracker.polluter.exclusions", "Peers excluded from answers after agreeing polluter reports")
                .increment();
    }

    /** Announce counters by event: looked up on every announce, so without building a key string. */
    private final Map<String, Counter> announces = new ConcurrentHashMap<>();

    Counter counter(String name, String help, String... tags) {
        String key = name + String.join("\u0000", tags);
        return counters.computeIfAbsent(
                key, k -> Counter.builder(name).description(help).tags(tags).register(registry));
    }
}
