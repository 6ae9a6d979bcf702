package dev.riffle.agent.player;

import dev.riffle.agent.session.Counters;
import java.util.Locale;

/**
 * The agent's Prometheus text exposition. A handful of per-agent numbers, written by hand rather than through a
 * registry so nothing is global and many agents in one JVM each expose only their own. Pure.
 */
public final class MetricsText {
    private MetricsText() {}

    public static String render(Counters c, long bytesUploaded, int peersConnected, long cacheBytes) {
        var sb = new StringBuilder(1024);
        counter(
                sb,
                "riffle_agent_bytes_total",
                "Segment bytes fetched, by source",
                "source=\"peer\"",
                c.bytesFromPeers.get());
        sample(sb, "riffle_agent_bytes_total", "source=\"cdn\"", c.bytesFromCdn.get());
        counter(sb, "riffle_agent_uploaded_bytes_total", "Segment bytes served to peers", null, bytesUploaded);
        gauge(sb, "riffle_agent_offload_ratio", "Bytes from peers over all bytes fetched", c.offloadRatio());
        counter(
                sb,
                "riffle_agent_stalls_total",
                "Segments handed to the player more than 1 s after its playback needed them (inferred)",
                null,
                c.stalls.get());
        gauge(
                sb,
                "riffle_agent_startup_seconds",
                "First playlist request to first segment served (-1: not yet)",
                c.startupMillis.get() < 0 ? -1 : c.startupMillis.get() / 1000.0);
        var latency = c.liveLatency;
        sb.append("# HELP riffle_agent_live_latency_seconds Live segments: handed to the player minus the encoder's"
                + " time of their first frame (newest 4096 for the quantiles)\n");
        sb.append("# TYPE riffle_agent_live_latency_seconds summary\n");
        if (latency.count() > 0) {
            for (double q : new double[] {0.5, 0.95}) {
                sb.append("riffle_agent_live_latency_seconds{quantile=\"")
                        .append(q)
                        .append("\"} ")
                        .append(String.format(Locale.ROOT, "%s", latency.quantileMillis(q) / 1000.0))
                        .append('\n');
            }
        }
        sb.append("riffle_agent_live_latency_seconds_sum ")
                .append(String.format(Locale.ROOT, "%s", latency.sumMillis() / 1000.0))
                .append('\n');
        sample(sb, "riffle_agent_live_latency_seconds_count", null, latency.count());
        gauge(sb, "riffle_agent_peers_connected", "Open peer sessions", peersConnected);
        counter(sb, "riffle_agent_bans_total", "Peers banned for bad data", null, c.bans.get());
        counter(
                sb,
                "riffle_agent_hash_mismatches_total",
                "Segments rejected by the manifest check",
                null,
                c.hashMismatches.get());
        counter(
                sb,
                "riffle_agent_cdn_requests_total",
                "CDN requests for whole segments: elected (a new segment this agent pulls for its swarm) or deadline"
                        + " (due soon, no peer could deliver it in time)",
                "reason=\"elected\"",
                c.cdnElected.get());
        sample(sb, "riffle_agent_cdn_requests_total", "reason=\"deadline\"", c.cdnDeadline.get());
        counter(
                sb,
                "riffle_agent_range_completions_total",
                "Peer transfers too slow for their deadline, finished from the CDN with a Range request",
                null,
                c.rangeCompletions.get());
        counter(
                sb,
                "riffle_agent_edge_failovers_total",
                "CDN requests that one edge failed (refused, timed out, an error or the wrong length) and the next"
                        + " edge served",
                null,
                c.edgeFailovers.get());
        gauge(sb, "riffle_agent_cache_bytes", "Bytes in the segment cache", cacheBytes);
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, String labels, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sample(sb, name, labels, value);
    }

    private static void sample(StringBuilder sb, String name, String labels, long value) {
        sb.append(name);
        if (labels != null) sb.append('{').append(labels).append('}');
        sb.append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, double value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" gauge\n");
        sb.append(name)
                .append(' ')
                .append(String.format(Locale.ROOT, "%s", value))
                .append('\n');
    }
}
