package dev.riffle.agent.tracker;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How an agent talks to the tracker.
 *
 * @param url tracker-service base URL
 * @param check how often the agent looks whether its swarms changed (a change announces at once)
 * @param retry pause after a failed announce
 * @param statsEvery how often counters are reported to {@code POST /v1/stats}
 * @param numWant peers wanted per swarm
 */
public record TrackerSettings(URI url, Duration check, Duration retry, Duration statsEvery, int numWant) {
    public TrackerSettings {
        Objects.requireNonNull(url, "url");
        if (check.isNegative() || check.isZero() || statsEvery.isNegative() || statsEvery.isZero())
            throw new IllegalArgumentException("tracker periods must be positive");
        if (numWant < 1) throw new IllegalArgumentException("numWant < 1");
    }

    /** Checks every second, retries after 5 s, reports stats every 30 s, 30 peers per swarm. */
    public static TrackerSettings defaults(URI url) {
        return new TrackerSettings(url, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30), 30);
    }

    public TrackerSettings withStatsEvery(Duration every) {
        return new TrackerSettings(url, check, retry, every, numWant);
    }

    /** {@code base + path}, tolerating a trailing slash on the base. */
    URI resolve(String path) {
        return URI.create(url.toString().replaceAll("/+$", "") + path);
    }
}
