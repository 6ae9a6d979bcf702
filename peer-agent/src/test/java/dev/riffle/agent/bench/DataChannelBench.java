package dev.riffle.agent.bench;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.InProcessSignaling;
import dev.riffle.agent.transport.PeerSession;
import dev.riffle.agent.transport.RtcFactory;
import dev.riffle.agent.transport.SegmentProvider;
import dev.riffle.agent.transport.SessionListener;
import dev.riffle.agent.transport.Transport;
import dev.riffle.agent.transport.TransportConfig;
import dev.riffle.protocol.swarm.SwarmId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Data-channel throughput: the agent transport (REQUEST/DATA framing, back-pressure, one transport thread per agent)
 * against raw webrtc-java with the same message size and back-pressure, alternating in one run.
 *
 * <p>Bounded: {@code rounds} × 2 sizes × 2 kinds runs of {@code mib} MiB each, every run with a 60 s limit. Args:
 * {@code [mib=96] [rounds=3]}.
 */
public final class DataChannelBench {
    private static final SwarmId SWARM = SwarmId.of("bench", "v1");

    public static void main(String[] args) {
        int status = 0;
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // libwebrtc leaves native threads behind; do not let them keep the JVM (and a CI job) alive.
        System.exit(status);
    }

    private static void run(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 96;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long total = (long) mib << 20;
        long limit = TimeUnit.SECONDS.toNanos(60);
        System.out.printf(Locale.ROOT, "| message | raw MB/s (median) | transport MB/s (median) | ratio | runs |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|%n");
        for (int messageBytes : new int[] {16 * 1024, 64 * 1024}) {
            var raw = new ArrayList<Double>();
            var agent = new ArrayList<Double>();
            try (var rawPair = new RawDataChannelPair();
                    var agents = new AgentPair(messageBytes, total)) {
                rawPair.run(8L << 20, messageBytes, limit); // warm-up
                agents.run(8 << 20, limit);
                for (int r = 0; r < rounds; r++) {
                    raw.add(rawPair.run(total, messageBytes, limit) / 1e6);
                    agent.add(agents.run((int) total, limit) / 1e6);
                }
            }
            double rm = median(raw), am = median(agent);
            System.out.printf(
                    Locale.ROOT,
                    "| %d KiB | %.1f | %.1f | %.0f%% | raw %s / transport %s |%n",
                    messageBytes / 1024,
                    rm,
                    am,
                    100 * am / rm,
                    fmt(raw),
                    fmt(agent));
        }
    }

    private static double median(List<Double> xs) {
        var s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }

    private static String fmt(List<Double> xs) {
        return String.join(
                ", ",
                xs.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
    }

    /** Two agents' transports on loopback; the viewer requests one big segment from the seeder. */
    private static final class AgentPair implements AutoCloseable {
        final InProcessSignaling hub = new InProcessSignaling();
        final RtcFactory rtc1 = new RtcFactory();
        final RtcFactory rtc2 = new RtcFactory();
        final Transport seeder;
        final Transport viewer;
        final PeerSession session;

        AgentPair(int messageBytes, long maxBytes) throws Exception {
            byte[] segment = new byte[(int) Math.min(maxBytes, 64 << 20)];
            new SplittableRandom(1).nextBytes(segment);
            var config = TransportConfig.defaults().withMessageBytes(messageBytes);
            SegmentProvider provider = new SegmentProvider() {
                @Override
                public Optional<byte[]> segmentForPeer(SwarmId swarm, int index) {
                    return Optional.of(segment);
                }

                @Override
                public BitSet segments(SwarmId swarm) {
                    var b = new BitSet();
                    b.set(0);
                    return b;
                }

                @Override
                public boolean accepts(SwarmId swarm) {
                    return true;
                }
            };
            var seederId = new PeerId("seeder");
            var viewerId = new PeerId("viewer");
            seeder = new Transport(
                    seederId,
                    rtc1,
                    hub.endpoint(seederId),
                    provider,
                    config,
                    new SessionListener() {},
                    InstantSource.system());
            viewer = new Transport(
                    viewerId,
                    rtc2,
                    hub.endpoint(viewerId),
                    provider,
                    config,
                    new SessionListener() {},
                    InstantSource.system());
            session = viewer.connect(seederId, SWARM).get(30, TimeUnit.SECONDS);
        }

        /** Fetches {@code total} bytes as requests of at most 64 MiB; returns payload bytes per second. */
        double run(int total, long timeoutNanos) throws Exception {
            long start = System.nanoTime();
            int left = total;
            while (left > 0) {
                int n = Math.min(left, 64 << 20);
                session.request(0, 0, n).result().get(timeoutNanos, TimeUnit.NANOSECONDS);
                left -= n;
            }
            return total / ((System.nanoTime() - start) / 1e9);
        }

        @Override
        public void close() {
            viewer.close();
            seeder.close();
            rtc1.close();
            rtc2.close();
            hub.close();
        }
    }
}
