package dev.riffle.tracker.stats;

import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.matching.Locality;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Feeds agent reports into the aggregator (JSON API, dashboard) and Prometheus counters. */
@ApplicationScoped
public class StatsService {

    private final StatsAggregator aggregator;
    private final TrackerMetrics metrics;
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private final Map<String, DistributionSummary> startup = new ConcurrentHashMap<>();

    public StatsService(TrackerConfig config, InstantSource clock, TrackerMetrics metrics) {
        TrackerConfig.Stats s = config.stats();
        this.aggregator = new StatsAggregator(
                clock,
                s.bucket(),
                s.history(),
                new LabelCap(s.maxTitles()),
                new LabelCap(s.maxIsps()),
                new LabelCap(s.maxRegions()));
        this.metrics = metrics;
        Gauge.builder("riffle.tracker.offload.ratio", aggregator, StatsAggregator::offloadRatio)
                .description("Bytes from peers / all bytes agents reported, since start")
                .tags("scope", "all", "key", "all")
                .register(metrics.registry());
    }

    public void record(StatsReport report, Locality where) {
        for (StatsReport.Entry e : report.entries()) {
            StatsAggregator.Labels l = aggregator.add(e, where);
            bytes("title", l.title(), e);
            bytes("isp", l.isp(), e);
            bytes("region", l.region(), e);
            if (e.stalls() > 0) {
                metrics.counter("riffle.tracker.stalls", "Playback stalls agents reported", "title", l.title())
                        .increment(e.stalls());
            }
            e.startupMs().ifPresent(ms -> startup.computeIfAbsent(
                            l.title(), t -> DistributionSummary.builder("riffle.tracker.startup.seconds")
                                    .description("Time from play to first frame agents reported")
                                    .baseUnit("seconds")
                                    .tags("title", t)
                                    .register(metrics.registry()))
                    .record(ms / 1000.0));
        }
    }

    private void bytes(String scope, String key, StatsReport.Entry e) {
        String name = "riffle.tracker." + scope + ".bytes";
        String help = "Bytes agents reported, by " + scope + " and source";
        metrics.counter(name, help, scope, key, "source", "peer").increment(e.bytesFromPeers());
        metrics.counter(name, help, scope, key, "source", "cdn").increment(e.bytesFromCdn());
        metrics.counter(name, help, scope, key, "source", "uploaded").increment(e.bytesUploaded());
        if (gauges.add(scope + "\u0000" + key)) {
            Gauge.builder("riffle.tracker.offload.ratio", aggregator, a -> a.offloadRatio(scope, key))
                    .description("Bytes from peers / all bytes agents reported, since start")
                    .tags("scope", scope, "key", key)
                    .register(metrics.registry());
        }
    }

    public Map<String, Object> snapshot(int top) {
        return aggregator.snapshot(top);
    }
}
