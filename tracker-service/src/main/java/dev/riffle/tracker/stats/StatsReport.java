package dev.riffle.tracker.stats;

import java.util.List;
import java.util.Optional;

/**
 * An agent's counters since its previous report, per title and rendition.
 *
 * <pre>
 * {"peerId":"AbCdEfGhIjKlMnOp.tv","entries":[{"title":"t-42","rendition":"720p","bytesFromPeers":7340032,
 *   "bytesFromCdn":1048576,"bytesUploaded":5242880,"stalls":0,"startupMs":850,"latencyMs":2100}]}
 * </pre>
 */
public record StatsReport(Optional<String> peerId, List<Entry> entries) {

    /**
     * {@code startupMs} is present once per playback start; {@code latencyMs}, on live titles, is how far behind the
     * encoder the newest segment reached the player.
     */
    public record Entry(
            String title,
            String rendition,
            long bytesFromPeers,
            long bytesFromCdn,
            long bytesUploaded,
            long stalls,
            Optional<Long> startupMs,
            Optional<Long> latencyMs) {}

    public StatsReport {
        entries = List.copyOf(entries);
    }
}
