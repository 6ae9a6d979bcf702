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
    private final Audience audience;
    private final InstantSource clock;
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
        this.audience = new Audience(s.audienceWindow().toMillis(), s.maxViewersPerTitle());
        this.clock = clock;
        this.metrics = metrics;
        Gauge.builder("riffle.tracker.offload.ratio", aggregator, StatsAggregator::offloadRatio)
                .description("Bytes from peers / all bytes agents reported, since start")
                .tags("scope", "all", "key", "all")
                .register(metrics.registry());
    }

    /** {@code viewer}: the reporting peer (or account), only to count each viewer once in a title's audience. */
    public void record(StatsReport report, String viewer, Locality where) {
        long now = clock.millis();
        for (StatsReport.Entry e : report.entries()) {
            StatsAggregator.Labels l = aggregator.add(e, where);
            audience.seen(l.title(), viewer, e.latencyMs().orElse(-1L), now);
            audienceGauges(l.title());
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

    /**
     * Per title, viewers now and their live latency (newest reading each): {@code riffle_tracker_title_viewers} and
     * {@code riffle_tracker_live_latency_seconds{quantile}}, read from the audience when scraped.
     */
    private void audienceGauges(String title) {
        if (!gauges.add("audience\u0000" + title)) return;
        Gauge.builder("riffle.tracker.title.viewers", audience, a -> summary(title)
                        .map(Audience.Summary::viewers)
                        .orElse(0))
                .description("Viewers that reported on a title recently")
                .tags("title", title)
                .register(metrics.registry());
        for (double q : new double[] {0.5, 0.95}) {
            Gauge.builder("riffle.tracker.live.latency.seconds", audience, a -> summary(title)
                            .map(x -> (q == 0.5 ? x.latencyMsP50() : x.latencyMsP95()).orElse(0) / 1000.0)
                            .orElse(0.0))
                    .description("How far behind the encoder live viewers are, over their newest readings")
                    .tags("title", title, "quantile", Double.toString(q))
                    .register(metrics.registry());
        }
    }

    private java.util.Optional<Audience.Summary> summary(String title) {
        return audience.of(title, clock.millis());
    }

    /** The aggregator's snapshot, each title row with its audience now (viewers, live latency p50 and p95). */
    public Map<String, Object> snapshot(int top) {
        Map<String, Object> out = aggregator.snapshot(top);
        Map<String, Audience.Summary> now = audience.now(clock.millis());
        @SuppressWarnings("unchecked")
        var titles = (java.util.List<Map<String, Object>>) out.get("titles");
        for (Map<String, Object> row : titles) {
            Audience.Summary a = now.get((String) row.get("title"));
            row.put("viewers", a == null ? 0 : a.viewers());
            row.put(
                    "latencyMsP50",
                    a == null || a.latencyMsP50().isEmpty()
                            ? null
                            : a.latencyMsP50().getAsLong());
            row.put(
                    "latencyMsP95",
                    a == null || a.latencyMsP95().isEmpty()
                            ? null
                            : a.latencyMsP95().getAsLong());
        }
        return out;
    }
}
