package dev.riffle.e2e.bench;

import dev.riffle.e2e.edge.CachingEdge;
import dev.riffle.e2e.edge.EdgeLog;
import dev.riffle.e2e.edge.OriginEgress;
import dev.riffle.e2e.platform.Platform;
import dev.riffle.e2e.platform.PlatformOptions;
import dev.riffle.e2e.platform.TitleSpec;
import dev.riffle.e2e.platform.ViewerSnapshot;
import dev.riffle.e2e.platform.Viewers;
import dev.riffle.e2e.platform.ViewersOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Cache hit ratio and origin egress saved by the nginx edge ({@code deploy/nginx/riffle-edge.conf}) for N CDN-only
 * viewers (real agents, P2P off, joins 1 s apart) of one title. The peer, in the same run: the same N viewers straight
 * from the origin. Each N gets a cold edge cache. Prints a Markdown table for docs/benchmarks.md.
 *
 * <pre>
 * --viewers 1,4,8   viewer counts (each 1..20)
 * --seconds 20      title length
 * </pre>
 */
public final class EdgeCacheBench {
    private EdgeCacheBench() {}

    record Row(
            int n,
            long segRequests,
            long segHits,
            long sentBytes,
            long edgeOriginBytes,
            long directOriginBytes,
            int stalls,
            int directStalls) {
        double hitRatio() {
            return segRequests == 0 ? 0 : segHits / (double) segRequests;
        }

        double saved() {
            return directOriginBytes == 0 ? 0 : 1 - edgeOriginBytes / (double) directOriginBytes;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = List.of(1, 4, 8);
        int seconds = 20;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--viewers" ->
                    counts = Arrays.stream(args[++i].split(","))
                            .map(Integer::parseInt)
                            .toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        for (int n : counts) if (n < 1 || n > 20) throw new IllegalArgumentException("viewers 1..20");
        Path work = Files.createDirectories(Path.of("target", "edge-cache-bench-" + System.currentTimeMillis())
                .toAbsolutePath());
        List<Row> rows = new ArrayList<>();
        try (Platform platform =
                Platform.start(PlatformOptions.defaults(work), l -> System.out.println("[platform] " + l))) {
            Path clip = Platform.generateSampleClip(work.resolve("clip.mp4"), seconds);
            String title = platform.ingest(clip, TitleSpec.open("Edge bench"), (s, p) -> {});
            for (int n : counts) {
                long before = OriginEgress.bytes(platform, null);
                int directStalls = watch(platform, title, n, null, work.resolve("direct-" + n));
                long direct = OriginEgress.bytes(platform, null) - before;
                try (CachingEdge edge = CachingEdge.start(work.resolve("edge-" + n), platform.originUrl())) {
                    before = OriginEgress.bytes(platform, null);
                    int stalls = watch(platform, title, n, edge.url(), work.resolve("edge-caches-" + n));
                    long viaEdge = OriginEgress.bytes(platform, null) - before;
                    EdgeLog log = edge.log();
                    List<EdgeLog.Entry> segs = log.matching(EdgeLog.Entry::isSegment);
                    rows.add(new Row(
                            n,
                            segs.size(),
                            segs.stream()
                                    .filter(e -> e.cacheStatus().equals("HIT"))
                                    .count(),
                            log.bytesSent(),
                            viaEdge,
                            direct,
                            stalls,
                            directStalls));
                }
                System.out.println("[bench] " + rows.get(rows.size() - 1));
            }
        }
        System.out.println();
        System.out.println(
                "| N | segment hit ratio | ideal 1 − 1/N | bytes to viewers | origin egress via edge | origin egress direct"
                        + " (peer) | egress saved | stalls edge / direct |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.3f | %.3f | %.1f MB | %.1f MB | %.1f MB | **%.3f** | %d / %d |%n",
                    r.n(),
                    r.hitRatio(),
                    1 - 1.0 / r.n(),
                    r.sentBytes() / 1e6,
                    r.edgeOriginBytes() / 1e6,
                    r.directOriginBytes() / 1e6,
                    r.saved(),
                    r.stalls(),
                    r.directStalls());
        }
    }

    /** N CDN-only agents, 1 s apart, through {@code cdn} (null: the origin); the stalls they saw. */
    private static int watch(Platform platform, String title, int n, URI cdn, Path caches) throws InterruptedException {
        ViewersOptions o = ViewersOptions.defaults(n, caches).withP2p(false).withStagger(Duration.ofSeconds(1));
        if (cdn != null) o = o.withCdn(cdn);
        try (Viewers v = Viewers.start(platform, title, o)) {
            if (!v.awaitFinished(Duration.ofMinutes(5)))
                throw new IllegalStateException("viewers did not finish: " + v.snapshots());
            return v.snapshots().stream().mapToInt(ViewerSnapshot::stalls).sum();
        }
    }
}
