package dev.riffle.e2e.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** One run of the benchmark as markdown: how it was measured, the conditions, and a table per join shape. */
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
                `SwarmBench` (e2e, a main): the packaged drm-license (dev issuer), tracker-service (in memory) and \
                origin-server on loopback; one generated clip behind `CappedEdge`, a proxy whose responses together leave \
                at a fixed rate. For each join shape and N, N viewers — agents in one JVM, each with its own account, the \
                capped edge as CDN, a capped upload, and the demo's player model (`Viewers`: it asks for the next segment \
                of the first variant when less than the read-ahead is buffered) — play the title twice: with the tracker \
                (P2P) and without it (CDN-only baseline, same edge and cap). Offload: the agents' segment bytes from peers \
                over all their segment bytes. CDN requests per segment: whole-segment requests of all agents over the \
                title's segments (1.00 = each pulled once for the swarm). A stall: the player's buffer running dry by \
                more than 100 ms after startup; startup: from the player's start to its first segment.

                """);
        sb.append(String.format(
                Locale.ROOT,
                "Run %s–%s UTC (%d min), 2 cores; highest 1-minute load average during the runs: %.1f.%n%n",
                started.toString().substring(0, 16).replace("T", " "),
                ended.truncatedTo(ChronoUnit.MINUTES).toString().substring(11, 16),
                Duration.between(started, ended).toMinutes(),
                maxLoad));
        sb.append(String.format(
                Locale.ROOT,
                "Conditions: %.0f s title, rendition `%s` (%.0f kB/s, %d s segments), AES-128 per segment; edge capped at"
                        + " %.0f kB/s (%.1f× the stream); uploads capped at %.0f kB/s (%.1f×); staggered joins %d ms"
                        + " apart, flash joins within %d ms; read-ahead %.0f s; the agent's default scheduler; at most %d"
                        + " peer connections each; players wait %d ms for a first peer.%n%n",
                title.seconds(),
                title.rendition(),
                title.bytesPerSec() / 1e3,
                a.segmentSeconds(),
                edgeRate / 1e3,
                edgeRate / (double) title.bytesPerSec(),
                uploadCap / 1e3,
                uploadCap / (double) title.bytesPerSec(),
                a.staggerMs(),
                a.flashMs(),
                a.readAhead(),
                a.maxPeers(),
                a.peerWaitMs()));
        for (SwarmBench.Joins joins : a.joins()) {
            List<SwarmPoint> rows =
                    points.stream().filter(p -> p.joins().equals(joins.label())).toList();
            if (rows.isEmpty()) continue;
            sb.append("Joins: **").append(joins.label()).append("**\n\n");
            sb.append("| N | offload | target 0.95 × (1 − 1/N) | CDN requests / segment | stalls P2P / baseline |"
                    + " startup p50 P2P / baseline | startup p95 P2P / baseline | CDN MB P2P / baseline | finished P2P"
                    + " / baseline | targets (offload, stalls, startup) |\n");
            sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
            for (SwarmPoint p : rows) {
                sb.append(String.format(
                        Locale.ROOT,
                        "| %d | **%.3f** | %.3f | %.2f | %d / %d | %d / %d ms | %d / %d ms | %.1f / %.1f | %d / %d |"
                                + " %s, %s, %s |%n",
                        p.n(),
                        p.p2p().offloadRatio(),
                        SwarmPoint.TARGET * p.ceiling(),
                        p.p2p().cdnRequestsPerSegment(),
                        p.p2p().stalls(),
                        p.baseline().stalls(),
                        p.p2p().startupP50(),
                        p.baseline().startupP50(),
                        p.p2p().startupP95(),
                        p.baseline().startupP95(),
                        p.p2p().bytesFromCdn() / 1e6,
                        p.baseline().bytesFromCdn() / 1e6,
                        p.p2p().finished(),
                        p.baseline().finished(),
                        p.offloadMet() ? "met" : "**not met**",
                        p.stallsMet() ? "met" : "**not met**",
                        p.startupMet() ? "met" : "**not met**"));
            }
            sb.append('\n');
        }
        if (stopped != null)
            sb.append("The list stopped early: ").append(stopped).append(".\n\n");
        sb.append("""
                Rerun (flags: `--viewers 3,6,10,25,50`, `--joins staggered,flash`, `--stagger-ms 2000`, `--flash-ms \
                1000`, `--clip-seconds 60`, `--segment-seconds 2`, `--read-ahead 6`, `--edge-streams 12` or \
                `--edge-rate B/s`, `--upload-streams 3` or `--upload-cap B/s`, `--max-peers 10`, `--peer-wait-ms 0`, \
                `--doc`):

                ```
                ./mvnw -q -pl drm-license-dev,tracker-service,origin-server -am install -DskipTests
                ./mvnw -q -pl e2e test-compile exec:java -Dexec.classpathScope=test \\
                  -Dexec.mainClass=dev.riffle.e2e.bench.SwarmBench -Dexec.args="--viewers 3,6,10,25,50 --doc"
                ```
                """);
        return sb.toString();
    }
}
