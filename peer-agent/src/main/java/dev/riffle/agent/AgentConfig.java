package dev.riffle.agent;

import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.session.OriginClient;
import dev.riffle.agent.transport.TransportConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything one agent needs, as plain values (the CLI builds it from flags).
 *
 * @param tracker tracker-service base URL, or {@code null} to run without one (peers are then connected by hand)
 * @param token the subscriber's bearer token, read when a key is fetched; never logged
 * @param port player-side port on {@code 127.0.0.1}; 0 picks a free one
 * @param segmentWait how long a player's segment request waits on the fetch loop before a 504
 * @param playerIdle a title whose player asked for nothing this long releases its drm-license session (the stream slot)
 * @param manifestTrust where the keys that may sign manifests come from: drm-license by default, never the edge
 */
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
        OriginClient.ManifestTrust manifestTrust) {
    public static final Duration DEFAULT_PLAYER_IDLE = Duration.ofSeconds(60);

    /** Manifest-signing keys from drm-license ({@link OriginClient.ManifestTrust#FROM_LICENSE}). */
    public AgentConfig(
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
            Duration playerIdle) {
        this(
                agentId,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                playerIdle,
                OriginClient.ManifestTrust.FROM_LICENSE);
    }

    /** Without {@code playerIdle}: {@link #DEFAULT_PLAYER_IDLE}. */
    public AgentConfig(
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
            Duration httpTimeout) {
        this(
                agentId,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                DEFAULT_PLAYER_IDLE);
    }

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
    }

    /** Defaults: 150 ms ticks, 20 s segment wait, 10 s HTTP timeout, default transport and scheduler. */
    public static AgentConfig of(
            String agentId, URI origin, URI license, Path cacheDir, long cacheBytes, int port, Supplier<String> token) {
        return new AgentConfig(
                agentId,
                origin,
                license,
                null,
                cacheDir,
                cacheBytes,
                port,
                token,
                agentId,
                TransportConfig.defaults(),
                SchedulerConfig.defaults(),
                Duration.ofMillis(150),
                Duration.ofSeconds(20),
                Duration.ofSeconds(10));
    }

    public AgentConfig withScheduler(SchedulerConfig s) {
        return new AgentConfig(
                agentId,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                s,
                tick,
                segmentWait,
                httpTimeout,
                playerIdle,
                manifestTrust);
    }

    /** The same agent under the id the tracker assigned it. */
    public AgentConfig withAgentId(String id) {
        return new AgentConfig(
                id,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                playerIdle,
                manifestTrust);
    }

    public AgentConfig withTracker(URI url) {
        return new AgentConfig(
                agentId,
                origin,
                license,
                url,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                playerIdle,
                manifestTrust);
    }

    public AgentConfig withTransport(TransportConfig t) {
        return new AgentConfig(
                agentId,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                t,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                playerIdle,
                manifestTrust);
    }

    public AgentConfig withPlayerIdle(Duration idle) {
        return new AgentConfig(
                agentId,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                idle,
                manifestTrust);
    }

    /** The same agent trusting manifest-signing keys from {@code trust}. */
    public AgentConfig withManifestTrust(OriginClient.ManifestTrust trust) {
        return new AgentConfig(
                agentId,
                origin,
                license,
                tracker,
                cacheDir,
                cacheBytes,
                port,
                token,
                deviceId,
                transport,
                scheduler,
                tick,
                segmentWait,
                httpTimeout,
                playerIdle,
                trust);
    }

    @Override
    public String toString() {
        // The token supplier stays out of logs.
        return "AgentConfig[" + agentId + ", origin=" + origin + ", license=" + license + ", tracker=" + tracker
                + ", cacheDir=" + cacheDir + ", cacheBytes=" + cacheBytes + ", port=" + port + "]";
    }
}
