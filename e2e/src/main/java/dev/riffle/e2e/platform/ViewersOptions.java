package dev.riffle.e2e.platform;

import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.tracker.TrackerSettings;
import dev.riffle.agent.transport.TransportConfig;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How {@link Viewers} runs its agents and players.
 *
 * @param count number of viewers
 * @param stagger pause between two viewers' joins
 * @param joinJitter each join moves by a random amount up to this (seeded by the viewer's number): with a zero stagger,
 *     a flash crowd arriving within that time
 * @param peerWait the agent opens the title first (it joins the swarms of every rendition and dials peers) and its
 *     player waits up to this long until a connected peer has said which segments of the first video rendition it
 *     holds, or the tracker answered that nobody else watches (so the first viewer of a title plays at once; the time
 *     waited is {@link ViewerSnapshot#peerWaitMs()}, not part of its startup). Zero:
 *     the player starts at once; today's agent then counts itself alone until a peer connects, and pulls every segment
 *     within its prefetch window from the CDN in the meantime (its CDN draw is 2 / viewers it is connected to)
 * @param readAheadSeconds the player asks for the next segment when less than this is buffered (hls.js asks far
 *     more; the agent treats the newest segment asked for as needed now, so a short read-ahead leaves the prefetch
 *     window to peers)
 * @param scheduler the agents' scheduler policy
 * @param transport the agents' transport (upload cap: {@link TransportConfig#withUploadCap})
 * @param statsEvery how often agents report to the tracker
 * @param p2p false = agents without tracker and peers (CDN-only baseline)
 * @param cacheBytes cache size per agent
 * @param cacheRoot caches go to {@code <cacheRoot>/viewer-NN}
 * @param account subscriber account of viewer {@code n} (1-based)
 * @param cdn the edge the agents fetch from (the signed manifest and every segment: an edge or caching proxy in front
 *     of the origin, e.g. one with capped egress); null = the platform's origin
 * @param player what watches each agent: the paced model, or a real player process (mpv, VLC, ffmpeg, hls.js)
 * @param liveSeconds 0 for a VOD title; for a live channel, how long its event runs (a real player then watches
 *     until the channel ends, bounded by this and a minute)
 * @param peersWanted peers each agent asks the tracker for, per swarm (its {@code numWant}); connections are capped
 *     separately by {@link TransportConfig#maxConnections()}
 */
@RecordBuilder
public record ViewersOptions(
        int count,
        Duration stagger,
        Duration joinJitter,
        Duration peerWait,
        double readAheadSeconds,
        SchedulerConfig scheduler,
        TransportConfig transport,
        Duration statsEvery,
        boolean p2p,
        long cacheBytes,
        Path cacheRoot,
        IntFunction<String> account,
        URI cdn,
        PlayerKind player,
        int peersWanted,
        int liveSeconds)
        implements ViewersOptionsBuilder.With {

    public ViewersOptions {
        if (count < 1 || count > 500) throw new IllegalArgumentException("count 1..500");
        if (readAheadSeconds <= 0) throw new IllegalArgumentException("readAheadSeconds <= 0");
        Objects.requireNonNull(stagger, "stagger");
        Objects.requireNonNull(joinJitter, "joinJitter");
        Objects.requireNonNull(peerWait, "peerWait");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(statsEvery, "statsEvery");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(player, "player");
        if (peersWanted < 1) throw new IllegalArgumentException("peersWanted < 1");
        if (liveSeconds < 0) throw new IllegalArgumentException("liveSeconds < 0");
    }

    /**
     * {@code count} viewers 2 s apart, no peer wait (as a real player), 6 s read-ahead, the agent's default scheduler and transport
     * (no upload cap), stats every 2 s, P2P on, 512 MiB caches, accounts {@code viewer-01…}, the origin as CDN edge,
     * 30 peers wanted per swarm (the agent's default).
     */
    public static ViewersOptions defaults(int count, Path cacheRoot) {
        return new ViewersOptions(
                count,
                Duration.ofSeconds(2),
                Duration.ZERO,
                Duration.ZERO,
                6.0,
                SchedulerConfig.defaults(),
                TransportConfig.defaults(),
                Duration.ofSeconds(2),
                true,
                512L << 20,
                cacheRoot.toAbsolutePath(),
                DemoRealm::viewerUser,
                null,
                PlayerKind.MODEL,
                TrackerSettings.defaults(URI.create("http://127.0.0.1")).numWant(),
                0);
    }

    public ViewersOptions withAccounts(IntFunction<String> accountOfViewer) {
        return withAccount(accountOfViewer);
    }

    public ViewersOptions withReadAhead(double seconds) {
        return withReadAheadSeconds(seconds);
    }

    /** Agents fetch the manifest and segments from {@code edge} instead of the platform's origin. */
    public ViewersOptions withCdn(URI edge) {
        Objects.requireNonNull(edge, "edge");
        return ViewersOptionsBuilder.builder(this).cdn(edge).build();
    }
}
