package dev.riffle.agent;

import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.session.LivePolicy;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.transport.TransportConfig;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything one agent needs, as plain values (the CLI builds it from flags). Builder and withers are generated
 * ({@code AgentConfigBuilder}).
 *
 * @param tracker tracker-service base URL, or {@code null} to run without one (peers are then connected by hand)
 * @param token the subscriber's bearer token, read when a key is fetched; never logged
 * @param port player-side port on {@code 127.0.0.1}; 0 picks a free one
 * @param segmentWait how long a player's segment request waits on the fetch loop before a 504
 * @param playerIdle a title whose player asked for nothing this long releases its drm-license session (the stream slot)
 * @param manifestTrust where the keys that may sign manifests come from: drm-license by default, never the edge
 * @param live how live channels are watched (latency target behind the edge)
 * @param edges CDN edges segments come from, in order of preference (a failing one is skipped for a back-off, see
 *     {@link dev.riffle.agent.cdn.EdgeHealth}); empty: the origin itself. Manifests always come from the origin.
 */
@RecordBuilder
public record AgentConfig(
        String agentId,
        URI origin,
        URI license,
        URI tracker,
        Path cacheDir,
        long cacheBytes,
        int port,
        Supplier<String> token,
        String deviceId,
        TransportConfig transport,
        SchedulerConfig scheduler,
        Duration tick,
        Duration segmentWait,
        Duration httpTimeout,
        Duration playerIdle,
        OriginClient.ManifestTrust manifestTrust,
        LivePolicy live,
        List<URI> edges)
        implements AgentConfigBuilder.With {
    public static final Duration DEFAULT_PLAYER_IDLE = Duration.ofSeconds(60);

    public AgentConfig {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(scheduler, "scheduler");
        if (cacheBytes <= 0) throw new IllegalArgumentException("cacheBytes <= 0");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        Objects.requireNonNull(playerIdle, "playerIdle");
        Objects.requireNonNull(manifestTrust, "manifestTrust");
        Objects.requireNonNull(live, "live");
        edges = edges == null ? List.of() : List.copyOf(edges);
    }

    /** Each edge's base for {@code titleId}'s content, in order of preference (the origin when no edge is given). */
    public List<URI> contentBases(String titleId) {
        return (edges.isEmpty() ? List.of(origin) : edges)
                .stream().map(e -> OriginClient.contentBase(e, titleId)).toList();
    }

    /**
     * Defaults: no tracker, device id = agent id, 150 ms ticks, 20 s segment wait, 10 s HTTP timeout, {@link
     * #DEFAULT_PLAYER_IDLE}, default transport and scheduler. Change any of it with the generated {@code withX}
     * methods ({@link AgentConfigBuilder.With}), e.g. {@code withTracker(url)}, {@code withScheduler(s)}.
     */
    public static AgentConfig of(
            String agentId, URI origin, URI license, Path cacheDir, long cacheBytes, int port, Supplier<String> token) {
        return AgentConfigBuilder.builder()
                .agentId(agentId)
                .origin(origin)
                .license(license)
                .cacheDir(cacheDir)
                .cacheBytes(cacheBytes)
                .port(port)
                .token(token)
                .deviceId(agentId)
                .transport(TransportConfig.defaults())
                .scheduler(SchedulerConfig.defaults())
                .tick(Duration.ofMillis(150))
                .segmentWait(Duration.ofSeconds(20))
                .httpTimeout(Duration.ofSeconds(10))
                .playerIdle(DEFAULT_PLAYER_IDLE)
                .manifestTrust(OriginClient.ManifestTrust.FROM_LICENSE)
                .live(LivePolicy.defaults())
                .edges(List.of())
                .build();
    }

    @Override
    public String toString() {
        // The token supplier stays out of logs.
        return "AgentConfig[" + agentId + ", origin=" + origin + ", license=" + license + ", tracker=" + tracker
                + ", edges=" + edges + ", cacheDir=" + cacheDir + ", cacheBytes=" + cacheBytes + ", port=" + port + "]";
    }
}
