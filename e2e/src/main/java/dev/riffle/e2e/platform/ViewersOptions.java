package dev.riffle.e2e.platform;

import dev.riffle.agent.scheduler.SchedulerConfig;
import dev.riffle.agent.transport.TransportConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * How {@link Viewers} runs its agents and players.
 *
 * @param count number of viewers
 * @param stagger pause between two viewers' joins
 * @param peerWait the agent opens the title first (it joins the swarms of every rendition and dials peers) and its
 *     player waits up to this long until a connected peer has said which segments of the first video rendition it
 *     holds (the first viewer of a title waits it out alone). Zero:
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
 */
public record ViewersOptions(
        int count,
        Duration stagger,
        Duration peerWait,
        double readAheadSeconds,
        SchedulerConfig scheduler,
        TransportConfig transport,
        Duration statsEvery,
        boolean p2p,
        long cacheBytes,
        Path cacheRoot,
        IntFunction<String> account) {

    /**
     * The scheduler of the demo: only the segment the player asked for is urgent (1 s window), the next 40 s may come
     * from peers. Peers on one machine deliver a 2 s segment in milliseconds; the default 8 s window would send the
     * first four segments of every viewer to the CDN.
     */
    public static final SchedulerConfig DEMO_SCHEDULER =
            new SchedulerConfig(1_000, 40_000, 500, 2_000, 2, 3, 2, 2.0, 1_000_000);

    public ViewersOptions {
        if (count < 1 || count > 500) throw new IllegalArgumentException("count 1..500");
        if (readAheadSeconds <= 0) throw new IllegalArgumentException("readAheadSeconds <= 0");
        Objects.requireNonNull(stagger, "stagger");
        Objects.requireNonNull(peerWait, "peerWait");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(statsEvery, "statsEvery");
        Objects.requireNonNull(cacheRoot, "cacheRoot");
        Objects.requireNonNull(account, "account");
    }

    /**
     * {@code count} viewers 2 s apart, 3 s peer wait, 6 s read-ahead, {@link #DEMO_SCHEDULER}, default transport
     * (no upload cap), stats every 2 s, P2P on, 512 MiB caches, accounts {@code viewer-01…}.
     */
    public static ViewersOptions defaults(int count, Path cacheRoot) {
        return new ViewersOptions(
                count,
                Duration.ofSeconds(2),
                Duration.ofSeconds(3),
                6.0,
                DEMO_SCHEDULER,
                TransportConfig.defaults(),
                Duration.ofSeconds(2),
                true,
                512L << 20,
                cacheRoot.toAbsolutePath(),
                DemoRealm::viewerUser);
    }

    public ViewersOptions withStagger(Duration d) {
        return new ViewersOptions(
                count,
                d,
                peerWait,
                readAheadSeconds,
                scheduler,
                transport,
                statsEvery,
                p2p,
                cacheBytes,
                cacheRoot,
                account);
    }

    public ViewersOptions withScheduler(SchedulerConfig s) {
        return new ViewersOptions(
                count,
                stagger,
                peerWait,
                readAheadSeconds,
                s,
                transport,
                statsEvery,
                p2p,
                cacheBytes,
                cacheRoot,
                account);
    }

    public ViewersOptions withTransport(TransportConfig t) {
        return new ViewersOptions(
                count,
                stagger,
                peerWait,
                readAheadSeconds,
                scheduler,
                t,
                statsEvery,
                p2p,
                cacheBytes,
                cacheRoot,
                account);
    }

    public ViewersOptions withP2p(boolean on) {
        return new ViewersOptions(
                count,
                stagger,
                peerWait,
                readAheadSeconds,
                scheduler,
                transport,
                statsEvery,
                on,
                cacheBytes,
                cacheRoot,
                account);
    }

    public ViewersOptions withAccounts(IntFunction<String> accountOfViewer) {
        return new ViewersOptions(
                count,
                stagger,
                peerWait,
                readAheadSeconds,
                scheduler,
                transport,
                statsEvery,
                p2p,
                cacheBytes,
                cacheRoot,
                accountOfViewer);
    }

    public ViewersOptions withReadAhead(double seconds) {
        return new ViewersOptions(
                count,
                stagger,
                peerWait,
                seconds,
                scheduler,
                transport,
                statsEvery,
                p2p,
                cacheBytes,
                cacheRoot,
                account);
    }

    public ViewersOptions withPeerWait(Duration d) {
        return new ViewersOptions(
                count,
                stagger,
                d,
                readAheadSeconds,
                scheduler,
                transport,
                statsEvery,
                p2p,
                cacheBytes,
                cacheRoot,
                account);
    }
}
