package dev.riffle.tracker.stats;

import dev.riffle.tracker.config.TrackerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps, of one account's report, the entries it may claim ({@link StatsGuard}, with the titles it holds license
 * sessions for from {@link LicenseHoldings}); counts the rest in {@code riffle_tracker_stats_dropped_total{reason}}.
 */
@ApplicationScoped
public class StatsAdmission {
    static final String LICENSE_UNKNOWN = "license-check-failed";

    private final boolean enabled;
    private final StatsGuard guard;
    private final LicenseHoldings holdings;
    private final InstantSource clock;
    private final TrackerMetrics metrics;

    public StatsAdmission(TrackerConfig config, InstantSource clock, TrackerMetrics metrics) {
        TrackerConfig.Stats s = config.stats();
        this.enabled = s.requireLicenseSession();
        this.clock = clock;
        this.metrics = metrics;
        this.guard = new StatsGuard(new StatsGuard.Limits(
                s.titlesPerAccount(),
                s.accountSlotWindow(),
                s.maxBytesPerSecond(),
                s.burstBytes(),
                s.titlePasses(),
                config.rateLimit().maxAccounts()));
        this.holdings = new LicenseHoldings(
                URI.create(s.licenseUrl()),
                s.licenseSessionsTtl(),
                config.rateLimit().maxAccounts(),
                clock::millis);
    }

    /** The entries that count; the others are counted as dropped. */
    public List<StatsReport.Entry> admit(String account, String bearerToken, List<StatsReport.Entry> entries) {
        if (!enabled) return entries;
        Set<String> titles = new LinkedHashSet<>();
        entries.forEach(e -> titles.add(e.title()));
        Optional<Map<String, StatsGuard.Holding>> held = holdings.of(account, bearerToken, titles);
        if (held.isEmpty()) {
            entries.forEach(e -> metrics.statsDropped(LICENSE_UNKNOWN));
            return List.of();
        }
        List<StatsReport.Entry> kept = new ArrayList<>(entries.size());
        for (StatsReport.Entry e : entries) {
            Optional<String> dropped = guard.judge(account, e, held.get(), clock.instant());
            if (dropped.isPresent()) metrics.statsDropped(dropped.get());
            else kept.add(e);
        }
        return kept;
    }
}
