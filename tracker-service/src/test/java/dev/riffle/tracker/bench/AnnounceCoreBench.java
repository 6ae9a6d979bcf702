package dev.riffle.tracker.bench;

import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.announce.AnnounceHandler;
import dev.riffle.tracker.announce.AnnounceService;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.geo.GeoResolver;
import dev.riffle.tracker.stats.TrackerMetrics;
import dev.riffle.tracker.store.InMemorySwarmStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The announce path without HTTP: {@link AnnounceHandler} (parse, swarm store, ranking, JSON answer) over the in-memory
 * store, called in a loop on one thread with the same request mix as {@link AnnounceBench} (5,000 peer ids over 50
 * swarms, 30 peers per answer). Reports nanoseconds per announce: steadier than the HTTP rate, which shares two cores
 * with wrk and the kernel, so this is where a change to the tracker's own code shows.
 *
 * <pre>
 * ./mvnw -q -o -pl tracker-service test-compile
 * cd tracker-service && java -cp "target/test-classes:target/classes:target/quarkus-app/lib/main/*" \
 *     dev.riffle.tracker.bench.AnnounceCoreBench      # -Dbench.warmup=20 -Dbench.rounds=10 (s of 2 s rounds)
 * </pre>
 */
public final class AnnounceCoreBench {

    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    static final int ROUND_MILLIS = 2_000;
    static final int PEERS = Integer.getInteger("bench.peers", 5000);
    /** Safety bound on announces per round, whatever the speed. */
    static final long MAX_PER_ROUND = 50_000_000L;

    private AnnounceCoreBench() {}

    public static void main(String[] args) throws Exception {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TrackerConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "60s" form
                .withSources(new PropertiesConfigSource(
                        Map.of(
                                "riffle.tracker.matching.max-per-subnet", "30",
                                "riffle.tracker.rate-limit.announces-per-second", "1000000000",
                                "riffle.tracker.rate-limit.announce-burst", "1000000"),
                        "bench",
                        500))
                .build();
        TrackerConfig tracker = config.getConfigMapping(TrackerConfig.class);
        GeoResolver geo = new GeoResolver(
                List.of(GeoResolver.CidrOverride.parse("127.0.0.0/8=64512/DE/BE")), Optional.empty(), Optional.empty());
        InMemorySwarmStore store = new InMemorySwarmStore(
                tracker.announce().peerTtl(), tracker.store().maxPeersPerSwarm(), new Random(7));
        TrackerMetrics metrics = new TrackerMetrics(new SimpleMeterRegistry());
        AnnounceHandler handler = new AnnounceHandler(
                new AnnounceService(tracker, geo, store, InstantSource.system(), metrics), tracker, metrics);
        InetAddress observed = InetAddress.getByName("127.0.0.1");
        String tag = PeerIds.accountTag("bench");
        // pre-built bodies: the bench measures the tracker, not string formatting
        byte[][] bodies = new byte[PEERS * 10][];
        for (int n = 0; n < bodies.length; n++) {
            bodies[n] = ("{\"event\":\"started\",\"peerId\":\"" + tag + "." + (n % PEERS)
                            + "\",\"uploadCapacity\":2000000,\"swarms\":[{\"id\":\"bench-" + (n % 50)
                            + "\",\"playhead\":" + (n % 500) + ",\"have\":[[0," + (n % 500) + "]]}]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        long[] sink = new long[1];
        int[] next = new int[1];
        Runnable one = () -> {
            byte[] body = bodies[next[0]++ % bodies.length];
            AnnounceHandler.Reply r = handler.announce("bench", body, observed)
                    .toCompletableFuture()
                    .join();
            if (r.status() != 200) {
                throw new IllegalStateException("announce answered " + r.status());
            }
            sink[0] += r.body().length;
        };
        long warmEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        long warm = 0;
        while (System.nanoTime() < warmEnd && warm < MAX_PER_ROUND * WARMUP_SECONDS) {
            one.run();
            warm++;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        long total = 0;
        double[] nsPer = new double[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            long end = start + ROUND_MILLIS * 1_000_000L;
            long count = 0;
            long now;
            do {
                for (int k = 0; k < 100; k++) {
                    one.run();
                }
                count += 100;
                now = System.nanoTime();
            } while (now < end && count < MAX_PER_ROUND);
            nsPer[round] = (double) (now - start) / count;
            total += count;
            System.out.printf("round %d: %.0f ns/announce%n", round + 1, nsPer[round]);
        }
        double bytesPer = (double) (threads.getCurrentThreadAllocatedBytes() - allocated0) / total;
        store.close();
        double[] sorted = nsPer.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "announce core, in memory: median %.0f ns/announce (min %.0f, max %.0f) over %d rounds of %d ms;"
                        + " %.0f B allocated and %d B answered per announce%n",
                sorted[ROUNDS / 2],
                sorted[0],
                sorted[ROUNDS - 1],
                ROUNDS,
                ROUND_MILLIS,
                bytesPer,
                sink[0] / (warm + total));
    }
}
