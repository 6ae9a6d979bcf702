package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import dev.riffle.protocol.wire.DecodeResult;
import dev.riffle.protocol.wire.RejectReason;
import dev.riffle.protocol.wire.SegmentRange;
import dev.riffle.protocol.wire.WireDecoder;
import dev.riffle.protocol.wire.WireEncoder;
import dev.riffle.protocol.wire.WireId;
import dev.riffle.protocol.wire.WireMessage;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wire protocol of one session against a scripted (often hostile) peer, over an in-memory channel. */
class PeerSessionTest {
    private static final SwarmId SWARM = SwarmId.of("t", "v720");
    private static final PeerId ME = new PeerId("me");
    private static final PeerId THEM = new PeerId("them");
    private static final WireEncoder ENC = WireEncoder.withDefaults();

    private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
    private final PipeChannel channel = new PipeChannel(io);
    private final MapProvider provider = new MapProvider(SWARM);
    private final List<String> closes = new CopyOnWriteArrayList<>();
    private PeerSession session = newSession(TransportConfig.defaults());

    private PeerSession newSession(TransportConfig config) {
        return newSession(config, new java.util.TreeMap<>(), WireMessage.Window.NONE);
    }

    /** A session that has {@code claims} and {@code window} of its own to tell. */
    private PeerSession newSession(
            TransportConfig config, java.util.SortedMap<Integer, Integer> claims, WireMessage.Window window) {
        return new PeerSession(
                ME,
                THEM,
                SWARM,
                channel,
                provider,
                TokenBucket.unlimited(),
                io,
                System::nanoTime,
                config,
                new SessionListener() {
                    @Override
                    public void onClosed(PeerSession s, ByeReason reason, boolean hostile) {
                        closes.add(reason + (hostile ? " hostile" : ""));
                    }
                },
                () -> claims,
                () -> window);
    }

    @AfterEach
    void stop() {
        io.shutdownNow();
    }

    private void flush() throws Exception {
        io.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }

    private void receive(byte[] message) throws Exception {
        io.execute(() -> session.onMessage(message));
        flush();
    }

    private void receive(WireMessage m) throws Exception {
        receive(ENC.encode(m));
    }

    private static WireMessage.Hello hello(String peer, SwarmId swarm) {
        return WireMessage.Hello.of(WireId.of(peer.getBytes(StandardCharsets.UTF_8)), WireId.of(swarm.bytes()));
    }

    private void open() throws Exception {
        io.execute(session::onOpen);
        receive(hello("them", SWARM));
        assertThat(session.ready()).isCompleted();
    }

    private WireMessage lastSent() {
        byte[] last = channel.sent.get(channel.sent.size() - 1);
        var r = (DecodeResult.Decoded) WireDecoder.decodeMessage(ByteBuffer.wrap(last));
        return r.messages().get(0);
    }

    @Test
    void opensWithHelloAndHaveAndServesARequestInDataFrames() throws Exception {
        byte[] seg = new byte[150_000];
        new SplittableRandom(1).nextBytes(seg);
        provider.segments.put(3, seg);
        open();
        receive(new WireMessage.Request(7, 3, 0, seg.length));
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] m : channel.sent) {
            var msg = ((DecodeResult.Decoded) WireDecoder.decodeMessage(ByteBuffer.wrap(m)))
                    .messages()
                    .get(0);
            if (msg instanceof WireMessage.Data d) {
                assertThat(d.requestId()).isEqualTo(7);
                assertThat(d.offset()).isEqualTo(out.size());
                byte[] b = new byte[d.payloadLength()];
                d.payload().get(b);
                out.write(b);
            }
        }
        assertThat(out.toByteArray()).isEqualTo(seg);
        assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(channel.sent.get(0))))
                .isInstanceOfSatisfying(
                        DecodeResult.Decoded.class,
                        d -> assertThat(d.messages().get(0)).isInstanceOf(WireMessage.Hello.class));
        assertThat(session.bytesUploaded()).isEqualTo(seg.length);
    }

    @Test
    void aRequestForASegmentWeLackIsRejectedNotHave() throws Exception {
        open();
        receive(new WireMessage.Request(1, 9, 0, 10));
        assertThat(lastSent()).isEqualTo(new WireMessage.Reject(1, RejectReason.NOT_HAVE));
    }

    @Test
    void requestsBeyondTheQueueAreRejectedBusy() throws Exception {
        provider.segments.put(0, new byte[10_000_000]);
        var config = TransportConfig.defaults();
        // The channel reports no buffering, so the pump drains each request at once: block it with a slow bucket.
        session = new PeerSession(
                ME,
                THEM,
                SWARM,
                channel,
                provider,
                new TokenBucket(1, 70_000, System.nanoTime()),
                io,
                System::nanoTime,
                config,
                new SessionListener() {},
                java.util.Collections::emptySortedMap,
                () -> WireMessage.Window.NONE);
        open();
        for (int i = 1; i <= config.maxQueuedUploads() + 1; i++) receive(new WireMessage.Request(i, 0, 0, 1_000_000));
        assertThat(lastSent()).isEqualTo(new WireMessage.Reject(config.maxQueuedUploads() + 1, RejectReason.BUSY));
    }

    @Test
    void aRequestWithoutBytesTimesOutAndIsCancelledAtThePeer() throws Exception {
        session = newSession(TransportConfig.defaults().withRequestIdleTimeout(Duration.ofMillis(100)));
        open();
        PeerFetch f = session.request(2, 0, 1000);
        assertThatThrownBy(() -> f.result().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        PeerFetchException.class, e -> assertThat(e.kind()).isEqualTo(PeerFetchException.Kind.TIMEOUT));
        flush();
        assertThat(lastSent()).isInstanceOf(WireMessage.Cancel.class);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void dataArrivesInOrderIntoTheRequestAndCompletesIt() throws Exception {
        open();
        PeerFetch f = session.request(4, 0, 6);
        flush();
        var req = (WireMessage.Request) lastSent();
        receive(WireMessage.Data.of(req.requestId(), 0, new byte[] {1, 2, 3}));
        assertThat(f.bytesReceived()).isEqualTo(3);
        receive(WireMessage.Data.of(req.requestId(), 3, new byte[] {4, 5, 6}));
        assertThat(f.result().get(1, TimeUnit.SECONDS)).containsExactly(1, 2, 3, 4, 5, 6);
        // Trailing DATA for a finished request is ignored, not hostile.
        receive(WireMessage.Data.of(req.requestId(), 6, new byte[] {7}));
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void garbageClosesTheSessionAsHostile() throws Exception {
        open();
        receive(new byte[] {0, 0, 0, 1, 0x7f, 9});
        assertThat(session.isOpen()).isFalse();
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
        assertThat(lastSent()).isEqualTo(new WireMessage.Bye(ByeReason.PROTOCOL_ERROR));
    }

    @Test
    void anOversizeFrameIsRefusedBeforeBuffering() throws Exception {
        open();
        receive(ByteBuffer.allocate(9).putInt(50 << 20).put((byte) 1).array());
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
    }

    @Test
    void anythingBeforeHelloIsHostile() throws Exception {
        io.execute(session::onOpen);
        receive(new WireMessage.Request(1, 0, 0, 10));
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
    }

    @Test
    void aHelloForAnotherSwarmClosesPolitely() throws Exception {
        io.execute(session::onOpen);
        receive(hello("them", SwarmId.of("other", "v720")));
        assertThat(closes).containsExactly("WRONG_SWARM");
    }

    @Test
    void aHelloFromAnotherIdThanSignalledIsHostile() throws Exception {
        io.execute(session::onOpen);
        receive(hello("mallory", SWARM));
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
    }

    @Test
    void dataForARequestNeverMadeIsHostile() throws Exception {
        open();
        receive(WireMessage.Data.of(42, 0, new byte[10]));
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
    }

    @Test
    void dataPastTheRequestedRangeIsHostileAndFailsTheRequest() throws Exception {
        open();
        PeerFetch f = session.request(4, 0, 4);
        flush();
        var req = (WireMessage.Request) lastSent();
        receive(WireMessage.Data.of(req.requestId(), 0, new byte[5]));
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
        assertThat(f.result()).isCompletedExceptionally();
    }

    @Test
    void aHaveBeyondTheIndexBoundIsHostile() throws Exception {
        open();
        receive(WireMessage.Have.of(new SegmentRange(2_000_000_000, 10)));
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
    }

    @Test
    void haveAndRejectNotHaveMaintainTheRemoteHoldings() throws Exception {
        open();
        receive(WireMessage.Have.of(new SegmentRange(0, 5)));
        receive(new WireMessage.HaveOne(9));
        assertThat(session.remoteSegments().stream().toArray()).containsExactly(0, 1, 2, 3, 4, 9);
        PeerFetch f = session.request(2, 0, 10);
        flush();
        receive(new WireMessage.Reject(((WireMessage.Request) lastSent()).requestId(), RejectReason.NOT_HAVE));
        assertThat(f.result()).isCompletedExceptionally();
        assertThat(session.has(2)).isFalse();
    }

    @Test
    void noInputCrashesTheSession() {
        Property.forAll(300, Gen.bytes(0, 300), junk -> {
            try {
                feedJunk(junk);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    private void feedJunk(byte[] junk) throws Exception {
        var localIo = Executors.newSingleThreadScheduledExecutor();
        try {
            var ch = new PipeChannel(localIo);
            var s = new PeerSession(
                    ME,
                    THEM,
                    SWARM,
                    ch,
                    provider,
                    TokenBucket.unlimited(),
                    localIo,
                    System::nanoTime,
                    TransportConfig.defaults(),
                    new SessionListener() {},
                    java.util.Collections::emptySortedMap,
                    () -> WireMessage.Window.NONE);
            localIo.execute(s::onOpen);
            localIo.execute(() -> s.onMessage(ENC.encode(hello("them", SWARM))));
            localIo.submit(() -> s.onMessage(junk)).get(5, TimeUnit.SECONDS);
        } finally {
            localIo.shutdownNow();
        }
    }

    @Test
    void claimsArriveAndEndWithAHaveOrAWithdrawal() throws Exception {
        open();
        receive(WireMessage.Claims.of(
                new WireMessage.Claim(4, 0), new WireMessage.Claim(5, 1), new WireMessage.Claim(6, 2)));
        assertThat(session.remoteClaims()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(4, 0, 5, 1, 6, 2));
        receive(new WireMessage.HaveOne(4));
        receive(WireMessage.Claims.of(new WireMessage.Claim(5, WireMessage.Claim.WITHDRAWN)));
        receive(WireMessage.Have.of(new SegmentRange(6, 1)));
        assertThat(session.remoteClaims()).isEmpty();
        assertThat(session.has(4)).isTrue();
    }

    @Test
    void ourWindowAndClaimsGoOutAfterHelloAndHaveAndChangesAsTheyCome() throws Exception {
        var ours = new java.util.TreeMap<Integer, Integer>(java.util.Map.of(8, 0, 9, 1));
        session = newSession(TransportConfig.defaults(), ours, new WireMessage.Window(8, 20));
        open();
        assertThat(lastSent())
                .isEqualTo(WireMessage.Claims.of(new WireMessage.Claim(8, 0), new WireMessage.Claim(9, 1)));
        var window = (DecodeResult.Decoded)
                WireDecoder.decodeMessage(ByteBuffer.wrap(channel.sent.get(channel.sent.size() - 2)));
        assertThat(window.messages()).containsExactly(new WireMessage.Window(8, 20));
        io.execute(() -> session.sendClaims(new java.util.TreeMap<>(java.util.Map.of(8, WireMessage.Claim.WITHDRAWN))));
        flush();
        assertThat(lastSent()).isEqualTo(WireMessage.Claims.of(new WireMessage.Claim(8, WireMessage.Claim.WITHDRAWN)));
    }

    @Test
    void thePeersWindowReplacesTheLastOne() throws Exception {
        open();
        assertThat(session.remoteWindow()).isEqualTo(WireMessage.Window.NONE);
        receive(new WireMessage.Window(10, 22));
        receive(new WireMessage.Window(11, 22));
        assertThat(session.remoteWindow()).isEqualTo(new WireMessage.Window(11, 22));
    }

    @Test
    void aClaimBeyondTheSegmentIndexBoundIsHostile() throws Exception {
        open();
        receive(WireMessage.Claims.of(
                new WireMessage.Claim(TransportConfig.defaults().maxSegmentIndex() + 1, 0)));
        assertThat(closes).containsExactly("PROTOCOL_ERROR hostile");
    }
}
