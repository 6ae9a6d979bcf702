package dev.riffle.e2e.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** The benchmark's section of docs/benchmarks.md (everything under its heading). */
final class SwarmReport {
    private SwarmReport() {}

    static String markdown(
            SwarmBench.Args a,
            SwarmBench.Title title,
            long edgeRate,
            long uploadCap,
            List<SwarmPoint> points,
            Instant started,
            Instant ended,
            double maxLoad,
            String stopped) {
        var sb = new StringBuilder();
        sb.append("""
                Bench main `e2e/src/test/java/dev/riffle/e2e/bench/SwarmBench.java` (not a test). It starts the packaged \
                drm-license (dev issuer), tracker-service (in memory) and origin-server on free loopback ports, ingests one \
                generated clip, and puts `CappedEdge` in front of the origin: a Vert.x reverse proxy whose response bodies, all \
                together, leave at a fixed rate (one token bucket, streams served chunk by chunk in turn). For each N, N \
                viewers — each an agent in this JVM (one Vert.x, one libwebrtc factory) with its own subscriber account, the \
                edge as its CDN, its upload capped, and a player model asking for the next segment of the first variant when \
                less than the read-ahead is buffered (`dev.riffle.e2e.platform.Viewers`, the demo's viewers, with \
                `ViewersOptions.withCdn(edge)`) — join one after the other on the same title, twice: with the tracker \
                (P2P) and without it (CDN-only baseline, same edge, same cap). Offload is the agents' own count of segment \
                bytes from peers over all segment bytes; CDN bytes saved = the baseline's CDN segment bytes minus the P2P \
                run's. A stall is the player's buffer running dry by more than 100 ms after startup; startup is from the \
                moment the player is started to the first segment in hand; a P2P player first waits until a peer of its \
                agent has said which segments it holds (or the tracker answers that nobody else watches), at most \
                `--peer-wait-ms`, and that wait counts in its startup.

                """);
        sb.append(String.format(
                Locale.ROOT,
                "Run %s–%s UTC (%d min), 2 cores, possibly shared with other work; highest 1-minute load average seen"
                        + " during the runs: **%.1f** (the bench alone reaches about 5 at N = 50). Treat the figures as"
                        + " lower bounds.%n%n",
                started.toString().substring(0, 16).replace("T", " "),
                ended.truncatedTo(ChronoUnit.MINUTES).toString().substring(11, 16),
                Duration.between(started, ended).toMinutes(),
                maxLoad));
        sb.append(String.format(
                Locale.ROOT,
                "Conditions: %.0f s title, rendition `%s` (%.0f kB/s average, %d s segments), AES-128 per segment; edge"
                        + " capped at **%.0f kB/s** (%.1f× the stream); each viewer's upload capped at **%.0f kB/s**"
                        + " (%.1f×); joins %d ms apart; read-ahead %.0f s; agents' urgent window %d ms (the demo's"
                        + " scheduler), prefetch 40 s, %s expected CDN fetchers per new segment (the scheduler's"
                        + " `cdnFetchersPerSegment`), at most %d peer connections each, players waiting at most %d ms for a"
                        + " first peer.%n%n",
                title.seconds(),
                title.rendition(),
                title.bytesPerSec() / 1e3,
                a.segmentSeconds(),
                edgeRate / 1e3,
                edgeRate / (double) title.bytesPerSec(),
                uploadCap / 1e3,
                uploadCap / (double) title.bytesPerSec(),
                a.staggerMs(),
                a.readAhead(),
                a.urgentMs(),
                a.cdnFetchers() > 0
                        ? String.format(Locale.ROOT, "%.1f", a.cdnFetchers())
                        : "2 × (max-peers + 1) / N (`--cdn-fetchers auto`)",
                a.maxPeers(),
                a.peerWaitMs()));
        sb.append(
                "| N | offload | ceiling 1 − 1/N | target 0.9 × ceiling | stalls P2P / baseline | stalled s P2P / baseline"
                        + " | startup p50 P2P / baseline | startup p95 P2P / baseline | CDN MB P2P / baseline | CDN MB"
                        + " saved | finished P2P / baseline | targets (offload, stalls, startup) |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SwarmPoint p : points) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %d | **%.3f** | %.3f | %.3f | %d / %d | %.1f / %.1f | %d / %d ms | %d / %d ms | %.1f / %.1f |"
                            + " %.1f | %d / %d | %s, %s, %s |%n",
                    p.n(),
                    p.p2p().offloadRatio(),
                    p.ceiling(),
                    0.9 * p.ceiling(),
                    p.p2p().stalls(),
                    p.baseline().stalls(),
                    p.p2p().stallSeconds(),
                    p.baseline().stallSeconds(),
                    p.p2p().startupP50(),
                    p.baseline().startupP50(),
                    p.p2p().startupP95(),
                    p.baseline().startupP95(),
                    p.p2p().bytesFromCdn() / 1e6,
                    p.baseline().bytesFromCdn() / 1e6,
                    p.cdnBytesSaved() / 1e6,
                    p.p2p().finished(),
                    p.baseline().finished(),
                    p.offloadMet() ? "met" : "**not met**",
                    p.stallsMet() ? "met" : "**not met**",
                    p.startupMet() ? "met" : "**not met**"));
        }
        sb.append('\n');
        if (stopped != null)
            sb.append("The list stopped early: ").append(stopped).append(".\n\n");
        sb.append("![offload ratio and stalls against N](img/swarm-offload.png)\n\n");
        sb.append("""
                Rerun (the three services must be packaged first; ~15 minutes for the default list; flags: `--viewers \
                10,25,50`, `--clip-seconds 60`, `--segment-seconds 2`, `--stagger-ms 2000`, `--read-ahead 6`, \
                `--edge-streams 12` or `--edge-rate B/s`, `--upload-streams 3` or `--upload-cap B/s`, `--max-peers 10`, \
                `--urgent-ms 1000`, `--cdn-fetchers 2` or `auto`, `--peer-wait-ms 3000`, `--no-doc`):

                ```
                ./mvnw -q -o -pl drm-license-dev,tracker-service,origin-server -am install -DskipTests
                ./mvnw -q -o -pl e2e test-compile exec:java -Dexec.classpathScope=test \\
                  -Dexec.mainClass=dev.riffle.e2e.bench.SwarmBench -Dexec.args="--viewers 10,25,50"
                ```
                """);
        return sb.toString();
    }
}
