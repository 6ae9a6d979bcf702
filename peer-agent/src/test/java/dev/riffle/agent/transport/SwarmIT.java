package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.swarm.SwarmId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many agents in one JVM sharing one native factory, passing verified segments along over real WebRTC. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SwarmIT {
    private static final SwarmId SWARM = SwarmId.of("t", "v480");
    private static final int SEGMENTS = 6;

    private final InProcessSignaling hub = new InProcessSignaling();
    private final RtcFactory rtc = new RtcFactory();
    private final List<Transport> transports = new ArrayList<>();

    private record Agent(PeerId id, MapProvider provider, Transport transport) {}

    private Agent agent(String name, TransportConfig config) {
        var id = new PeerId(name);
        var provider = new MapProvider(SWARM);
        var t = new Transport(
                id, rtc, hub.endpoint(id), provider, config, new SessionListener() {}, InstantSource.system());
        transports.add(t);
        return new Agent(id, provider, t);
    }

    @AfterEach
    void tearDown() {
        transports.forEach(Transport::close);
        rtc.close();
        hub.close();
    }

    @Test
    void tenAgentsSpreadATitleFromOneSeederThroughEachOther() throws Exception {
        var seeder = agent("seeder", TransportConfig.defaults());
        var hashes = new ArrayList<Sha256>();
        for (int i = 0; i < SEGMENTS; i++) {
            byte[] b = new byte[300_000];
            new SplittableRandom(i).nextBytes(b);
            seeder.provider().segments.put(i, b);
            hashes.add(Sha256.of(b));
        }
        var viewers = new ArrayList<Agent>();
        for (int v = 0; v < 9; v++) viewers.add(agent("viewer" + v, TransportConfig.defaults()));

        // The first three fetch from the seeder; each later viewer fetches from the viewer three places before it.
        var done = new ArrayList<CompletableFuture<Void>>();
        for (int v = 0; v < viewers.size(); v++) {
            Agent me = viewers.get(v);
            Agent source = v < 3 ? seeder : viewers.get(v - 3);
            if (v >= 3) done.get(v - 3).get(60, TimeUnit.SECONDS); // its source must hold the title first
            done.add(fetchAll(me, source, hashes));
        }
        for (var d : done) d.get(60, TimeUnit.SECONDS);
        for (Agent v : viewers) assertThat(v.provider().segments).hasSize(SEGMENTS);
        // Viewers 0-5 each served the whole title once; the seeder served three viewers only.
        assertThat(viewers.get(0).transport().connectionCount()).isEqualTo(2);
    }

    private static CompletableFuture<Void> fetchAll(Agent me, Agent source, List<Sha256> hashes) throws Exception {
        PeerSession s = me.transport().connect(source.id(), SWARM).get(30, TimeUnit.SECONDS);
        var all = new ArrayList<CompletableFuture<Void>>();
        for (int i = 0; i < SEGMENTS; i++) {
            int index = i;
            all.add(s.request(index, 0, 300_000).result().thenAccept(bytes -> {
                assertThat(Sha256.of(bytes)).isEqualTo(hashes.get(index)); // verify before we pass it on
                me.provider().segments.put(index, bytes);
                s.announce(index);
            }));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    @Test
    void aPeerVanishingMidTransferFailsTheRequestPromptlyInsteadOfHanging() throws Exception {
        var seeder = agent("seeder", TransportConfig.defaults().withUploadCap(500_000));
        var viewer = agent("viewer", TransportConfig.defaults());
        seeder.provider().segments.put(0, new byte[5_000_000]);
        PeerSession s = viewer.transport().connect(seeder.id(), SWARM).get(30, TimeUnit.SECONDS);
        PeerFetch f = s.request(0, 0, 5_000_000);
        for (int i = 0; i < 200 && f.bytesReceived() == 0; i++) Thread.sleep(10);
        assertThat(f.bytesReceived()).isPositive();
        long start = System.nanoTime();
        seeder.transport().close();
        assertThatThrownBy(() -> f.result().get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        // What arrived is kept for a Range request to the CDN.
        assertThat(f.receivedPrefix().length).isEqualTo(f.bytesReceived()).isLessThan(5_000_000);
    }
}
