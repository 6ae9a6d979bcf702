package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import dev.riffle.protocol.wire.RejectReason;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real WebRTC between agents of one JVM, signalled in-process, on the machine's own interfaces. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TransportIT {
    private static final SwarmId SWARM = SwarmId.of("big-buck-bunny", "v720");

    private final InProcessSignaling hub = new InProcessSignaling();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    private final class Agent {
        final PeerId id;
        final MapProvider provider = new MapProvider(SWARM);
        final List<String> closes = new CopyOnWriteArrayList<>();
        final Transport transport;

        Agent(String name, RtcFactory rtc, TransportConfig config) {
            id = new PeerId(name);
            transport = new Transport(
                    id,
                    rtc,
                    hub.endpoint(id),
                    provider,
                    config,
                    new SessionListener() {
                        @Override
                        public void onClosed(PeerSession s, ByeReason reason, boolean hostile) {
                            closes.add(s.remote() + ":" + reason + (hostile ? ":hostile" : ""));
                        }
                    },
                    InstantSource.system());
            toClose.add(0, transport);
        }
    }

    private RtcFactory factory() {
        var f = new RtcFactory();
        toClose.add(f); // after every transport (those are added at the front)
        return f;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) c.close();
        hub.close();
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private static void awaitHas(PeerSession s, int segment) throws InterruptedException {
        for (int i = 0; i < 200 && !s.has(segment); i++) Thread.sleep(20);
        assertThat(s.has(segment)).as("peer announced %d", segment).isTrue();
    }

    @Test
    void twoAgentsTransferVerifiedSegmentsOverRealDataChannels() throws Exception {
        var seeder = new Agent("seeder", factory(), TransportConfig.defaults());
        var viewer = new Agent("viewer", factory(), TransportConfig.defaults());
        for (int i = 0; i < 4; i++) seeder.provider.segments.put(i, random(700_000 + i * 123_457, i));

        PeerSession session = viewer.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS);
        awaitHas(session, 3);
        var fetches = new ArrayList<PeerFetch>();
        for (int i = 0; i < 4; i++) {
            fetches.add(session.request(i, 0, seeder.provider.segments.get(i).length));
        }
        long total = 0;
        for (int i = 0; i < 4; i++) {
            byte[] got = fetches.get(i).result().get(30, TimeUnit.SECONDS);
            byte[] want = seeder.provider.segments.get(i);
            assertThat(Sha256.of(got)).isEqualTo(Sha256.of(want));
            total += want.length;
        }
        assertThat(session.bytesDownloaded()).isEqualTo(total);
        assertThat(viewer.transport.connectionCount()).isEqualTo(1);

        // A range, as a CDN fallback would leave it: the tail of segment 1.
        byte[] tail = session.request(1, 500_000, 323_457).result().get(30, TimeUnit.SECONDS);
        assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(seeder.provider.segments.get(1), 500_000, 823_457));
    }

    @Test
    void aMissingSegmentIsRejectedAndForgotten() throws Exception {
        var rtc = factory(); // one factory shared by both agents
        var seeder = new Agent("seeder", rtc, TransportConfig.defaults());
        var viewer = new Agent("viewer", rtc, TransportConfig.defaults());
        seeder.provider.segments.put(0, random(1000, 0));
        PeerSession session = viewer.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> session.request(5, 0, 100).result().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(PeerFetchException.class, e -> assertThat(e.rejectReason())
                        .isEqualTo(RejectReason.NOT_HAVE));
        assertThat(session.request(0, 0, 1000).result().get(10, TimeUnit.SECONDS))
                .hasSize(1000);
    }

    @Test
    void aPeerServingCorruptBytesIsBannedAndCannotReconnect() throws Exception {
        var seeder = new Agent("liar", factory(), TransportConfig.defaults());
        var viewer = new Agent("viewer", factory(), TransportConfig.defaults());
        byte[] real = random(200_000, 1);
        byte[] forged = real.clone();
        forged[1234] ^= 1;
        seeder.provider.segments.put(0, forged);

        PeerSession session = viewer.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS);
        byte[] got = session.request(0, 0, forged.length).result().get(30, TimeUnit.SECONDS);
        assertThat(Sha256.of(got)).isNotEqualTo(Sha256.of(real));
        viewer.transport.ban(seeder.id, ByeReason.BAD_DATA);

        for (int i = 0; i < 100 && session.isOpen(); i++) Thread.sleep(20);
        assertThat(session.isOpen()).isFalse();
        assertThat(viewer.transport.isBanned(seeder.id)).isTrue();
        assertThatThrownBy(() -> viewer.transport.connect(seeder.id, SWARM).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("banned");
        // And its offers are refused too.
        assertThatThrownBy(() -> seeder.transport.connect(viewer.id, SWARM).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void theConnectionCapRefusesExtraPeers() throws Exception {
        var rtc = factory();
        var seeder = new Agent("seeder", rtc, TransportConfig.defaults().withMaxConnections(1));
        var first = new Agent("first", rtc, TransportConfig.defaults());
        var second = new Agent("second", rtc, TransportConfig.defaults());
        first.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> second.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(seeder.transport.connectionCount()).isEqualTo(1);
    }

    @Test
    void theUploadCapBoundsTheRate() throws Exception {
        var seeder = new Agent("seeder", factory(), TransportConfig.defaults().withUploadCap(1_000_000));
        var viewer = new Agent("viewer", factory(), TransportConfig.defaults());
        seeder.provider.segments.put(0, random(3_000_000, 3));
        PeerSession session = viewer.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS);
        long start = System.nanoTime();
        session.request(0, 0, 3_000_000).result().get(30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        // 1 MiB of burst, then 1 MB/s: about 2 s; well under would mean no cap.
        assertThat(seconds).isGreaterThan(1.5);
    }

    @Test
    void closingATransportEndsTheRemoteSession() throws Exception {
        var seeder = new Agent("seeder", factory(), TransportConfig.defaults());
        var viewer = new Agent("viewer", factory(), TransportConfig.defaults());
        PeerSession session = viewer.transport.connect(seeder.id, SWARM).get(30, TimeUnit.SECONDS);
        seeder.transport.close(Duration.ofSeconds(5));
        // The session turns closed a moment before its listener hears of it (channel.close() runs in between).
        for (int i = 0; i < 250 && (session.isOpen() || viewer.closes.isEmpty()); i++) Thread.sleep(20);
        assertThat(session.isOpen()).isFalse();
        assertThat(viewer.closes).hasSize(1);
    }
}
