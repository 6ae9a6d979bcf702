package dev.riffle.tracker.bench;

import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.announce.AnnounceHandler;
import dev.riffle.tracker.announce.AnnounceService;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.geo.GeoResolver;
import dev.riffle.tracker.polluter.InMemoryPolluterStore;
import dev.riffle.tracker.polluter.PolluterService;
import dev.riffle.tracker.stats.TrackerMetrics;
import dev.riffle.tracker.store.InMemorySwarmStore;
import dev.riffle.tracker.store.RedisSwarmStore;
import dev.riffle.tracker.store.SwarmStore;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The announce path without HTTP: {@link AnnounceHandler} (parse, swarm store, ranking, JSON answer) over the in-memory
 * store, called in a loop on one thread with the same request mix as {@link AnnounceBench} (5,000 peer ids over 50
 * swarms, 30 peers per answer). Reports nanoseconds per announce: steadier than the HTTP rate, which shares two cores
 * with wrk and the kernel, so this is where a change to the tracker's own code shows.
 *
 * <pre>
 * ./mvnw -q -o -pl tracker-service test-compile
 * cd tracker-service && java -cp "target/test-classes:target/classes:target/quarkus-app/lib/main/*" \
 *     dev.riffle.tracker.bench.AnnounceCoreBench      # -Dbench.warmup=20 -Dbench.rounds=10 -Dbench.store=redis
 * </pre>
 */
public final class AnnounceCoreBench {

    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    static final int ROUND_MILLIS = 2_000;
    static final int PEERS = Integer.getInteger("bench.peers", 5000);
    /** {@code memory} or {@code redis} (127.0.0.1:6379, its own key prefix, deleted afterwards). */
    static final String STORE = System.getProperty("bench.store", "memory");
    /** Safety bound on announces per round, whatever the speed. */
    static final long MAX_PER_ROUND = 50_000_000L;

    /**
     * Threads announcing at once (memory store): with 2, as the tracker's two event loops do, the CPU per announce
     * shows what sharing swarms between cores costs. {@code bench.disjoint=true} gives each thread its own swarms.
     */
    static final int THREADS = Integer.getInteger("bench.threads", 1);

    static final boolean DISJOINT = Boolean.getBoolean("bench.disjoint");

    static final String REDIS = "redis://127.0.0.1:6379";
    static final int IN_FLIGHT = 32;

    private AnnounceCoreBench() {}

    /** Pre-built bodies: the bench measures the tracker, not string formatting. */
    static byte[][] bodies(String tag, String swarmPrefix) {
        byte[][] bodies = new byte[PEERS * 10][];
        for (int n = 0; n < bodies.length; n++) {
            bodies[n] = ("{\"event\":\"started\",\"peerId\":\"" + tag + "." + (n % PEERS)
                            + "\",\"uploadCapacity\":2000000,\"swarms\":[{\"id\":\"bench-" + swarmPrefix + (n % 50)
                            + "\",\"playhead\":" + (n % 500) + ",\"have\":[[0," + (n % 500) + "]]}]}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        return bodies;
    }

    /** {@link #THREADS} threads announcing at once for the warm-up and the rounds; process CPU per announce. */
    static void concurrent(AnnounceHandler handler, String tag, InetAddress observed) throws InterruptedException {
        long warmEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        long end = warmEnd + (long) ROUNDS * ROUND_MILLIS * 1_000_000L;
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong measured = new AtomicLong();
        AtomicLong cpuAtWarmEnd = new AtomicLong(-1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            byte[][] bodies = bodies(tag, DISJOINT ? t + "-" : "");
            int offset = t * 7919;
            threads[t] = new Thread(() -> {
                long count = 0;
                long n = offset;
                try {
                    while (System.nanoTime() < warmEnd) {
                        handler.announce("bench", bodies[(int) (n++ % bodies.length)], observed);
                    }
                    cpuAtWarmEnd.compareAndSet(-1, os.getProcessCpuTime());
                    long now;
                    do {
                        for (int k = 0; k < 100; k++) {
                            var r = handler.announce("bench", bodies[(int) (n++ % bodies.length)], observed)
                                    .toCompletableFuture()
                                    .join();
                            if (r.status() != 200) {
                                throw new IllegalStateException("answered " + r.status());
                            }
                        }
                        count += 100;
                        now = System.nanoTime();
                    } while (now < end && count < MAX_PER_ROUND * ROUNDS);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                }
                measured.addAndGet(count);
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("announce failed", failure.get());
        }
        double seconds = (double) ROUNDS * ROUND_MILLIS / 1000;
        System.out.printf(
                "announce core, memory, %d threads%s: %.0f announces/s, process CPU %.0f ns per announce%n",
                THREADS,
                DISJOINT ? " on their own swarms" : " on the same swarms",
                measured.get() / seconds,
                (double) (os.getProcessCpuTime() - cpuAtWarmEnd.get()) / measured.get());
    }

    public static void main(String[] args) throws Exception {
        if (THREADS > 1 && STORE.equals("redis")) {
            throw new IllegalArgumentException("bench.threads applies to the memory store only");
        }
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
        String prefix = "riffle-corebench:" + ProcessHandle.current().pid() + ":";
        SwarmStore store = STORE.equals("redis")
                ? new RedisSwarmStore(
                        REDIS,
                        prefix,
                        tracker.announce().peerTtl(),
                        tracker.store().maxPeersPerSwarm(),
                        tracker.store().snapshotMaxAge())
                : new InMemorySwarmStore(
                        tracker.announce().peerTtl(), tracker.store().maxPeersPerSwarm(), new Random(7));
        TrackerMetrics metrics = new TrackerMetrics(new SimpleMeterRegistry());
        AnnounceHandler handler = new AnnounceHandler(
                new AnnounceService(
                        tracker,
                        geo,
                        store,
                        InstantSource.system(),
                        metrics,
                        new PolluterService(
                                tracker, new InMemoryPolluterStore(1000), store, InstantSource.system(), metrics)),
                tracker,
                metrics);
        InetAddress observed = InetAddress.getByName("127.0.0.1");
        String tag = PeerIds.of("bench", "0").substring(0, 16); // the stable tag, good for any device
        if (THREADS > 1) {
            concurrent(handler, tag, observed);
            store.close();
            return;
        }
        byte[][] bodies = bodies(tag, "");
        AtomicLong sink = new AtomicLong();
        int[] next = new int[1];
        // Redis: up to IN_FLIGHT announces outstanding, as concurrent agents would keep it (one at a time would
        // measure the round trip and a thread wake-up per announce instead of the tracker's work)
        Semaphore window = new Semaphore(STORE.equals("redis") ? IN_FLIGHT : 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable one = () -> {
            window.acquireUninterruptibly();
            byte[] body = bodies[next[0]++ % bodies.length];
            handler.announce("bench", body, observed).whenComplete((r, t) -> {
                if (t != null || r.status() != 200) {
                    failure.compareAndSet(null, t != null ? t : new IllegalStateException("answered " + r.status()));
                } else {
                    sink.addAndGet(r.length());
                }
                window.release();
            });
            if (failure.get() != null) {
                throw new IllegalStateException("announce failed", failure.get());
            }
        };
        long warmEnd = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        long warm = 0;
        while (System.nanoTime() < warmEnd && warm < MAX_PER_ROUND * WARMUP_SECONDS) {
            one.run();
            warm++;
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated0 = threads.getCurrentThreadAllocatedBytes();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
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
        double cpuPer = (double) (os.getProcessCpuTime() - cpu0) / total;
        store.close();
        if (STORE.equals("redis")) {
            AnnounceBench.deleteRedisKeys(prefix);
        }
        double[] sorted = nsPer.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "announce core, %s: median %.0f ns/announce (min %.0f, max %.0f) over %d rounds of %d ms;"
                        + " process CPU %.0f ns, %.0f B allocated (this thread) and %d B answered per announce%n",
                STORE,
                sorted[ROUNDS / 2],
                sorted[0],
                sorted[ROUNDS - 1],
                ROUNDS,
                ROUND_MILLIS,
                cpuPer,
                bytesPer,
                sink.get() / (warm + total));
    }
}
