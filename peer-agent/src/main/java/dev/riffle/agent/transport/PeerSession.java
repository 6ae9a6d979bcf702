package dev.riffle.agent.transport;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.transport.PeerFetchException.Kind;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import dev.riffle.protocol.wire.DecodeResult;
import dev.riffle.protocol.wire.RejectReason;
import dev.riffle.protocol.wire.SegmentRange;
import dev.riffle.protocol.wire.WireDecoder;
import dev.riffle.protocol.wire.WireException;
import dev.riffle.protocol.wire.WireId;
import dev.riffle.protocol.wire.WireLimits;
import dev.riffle.protocol.wire.WireMessage;
import dev.riffle.protocol.wire.WireVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The peer wire protocol over one channel, for one swarm: HELLO, HAVE, serving REQUESTs from the provider and
 * fetching with REQUEST/DATA. All state is confined to the transport thread ({@code io}); public methods hop onto it.
 * Anything a peer sends that breaks the protocol closes the session as hostile; nothing it sends can throw out of here.
 */
public final class PeerSession {
    private enum State {
        AWAIT_HELLO,
        READY,
        CLOSED
    }

    private final PeerId local;
    private final PeerId remote;
    private final SwarmId swarm;
    private final FrameChannel channel;
    private final SegmentProvider provider;
    private final ScheduledExecutorService io;
    private final LongSupplier nanos;
    private final TransportConfig config;
    private final SessionListener listener;
    private final java.util.function.Supplier<SortedMap<Integer, Integer>> ourClaims;
    private final java.util.function.Supplier<WireMessage.Window> ourWindow;
    private final WireLimits limits = WireLimits.DEFAULT;
    private final WireMessage.Hello hello;
    private final CompletableFuture<PeerSession> ready = new CompletableFuture<>();

    /** A peer claiming more segments than this at once is not believed beyond it (memory bound). */
    static final int MAX_REMOTE_CLAIMS = 4_096;

    private State state = State.AWAIT_HELLO;
    private final BitSet remoteHave = new BitSet();
    /** Segments the peer says it will hold soon, with their hop count (see {@link WireMessage.Claims}). */
    private final Map<Integer, Integer> remoteClaims = new HashMap<>();

    private final Map<Integer, PeerFetch> pending = new HashMap<>();
    private final Outbox outbox;

    private int nextRequestId = 1;
    private volatile String closeDetail;
    private volatile long bytesDownloaded;
    /** Exponentially weighted download rate over completed requests; 0 until one completes. */
    private volatile long downloadRate;
    /** What the peer's player wants now; unknown (a peer without the extension) counts as nothing. */
    private volatile WireMessage.Window remoteWindow = WireMessage.Window.NONE;

    PeerSession(
            PeerId local,
            PeerId remote,
            SwarmId swarm,
            FrameChannel channel,
            SegmentProvider provider,
            TokenBucket upload,
            ScheduledExecutorService io,
            LongSupplier nanos,
            TransportConfig config,
            SessionListener listener,
            java.util.function.Supplier<SortedMap<Integer, Integer>> ourClaims,
            java.util.function.Supplier<WireMessage.Window> ourWindow) {
        this.local = local;
        this.ourClaims = ourClaims;
        this.ourWindow = ourWindow;
        this.remote = remote;
        this.swarm = swarm;
        this.channel = channel;
        this.provider = provider;

        this.io = io;
        this.nanos = nanos;
        this.config = config;
        this.listener = listener;
        this.hello = WireMessage.Hello.of(wireId(local), WireId.of(swarm.bytes()));
        this.outbox = new Outbox(channel, upload, io, nanos, config);
    }

    static WireId wireId(PeerId id) {
        return WireId.of(id.value().getBytes(StandardCharsets.UTF_8));
    }

    public PeerId remote() {
        return remote;
    }

    public SwarmId swarm() {
        return swarm;
    }

    /** Completes once both HELLOs are exchanged. */
    public CompletableFuture<PeerSession> ready() {
        return ready;
    }

    public boolean isOpen() {
        return state != State.CLOSED;
    }

    public synchronized boolean has(int segment) {
        return remoteHave.get(segment);
    }

    public synchronized BitSet remoteSegments() {
        return (BitSet) remoteHave.clone();
    }

    /** What the peer claims it will hold soon: segment → hops (withdrawn and since-announced ones removed). */
    public synchronized Map<Integer, Integer> remoteClaims() {
        return Map.copyOf(remoteClaims);
    }

    /** The segments the peer's player wants now (its WINDOW); empty if it plays nothing or never said. */
    public WireMessage.Window remoteWindow() {
        return remoteWindow;
    }

    /**
     * The rate at which this peer delivered our requests, bytes per second: an exponentially weighted average over
     * completed requests, each timed from REQUEST to last byte; 0 before the first completes.
     */
    public long downloadRate() {
        return downloadRate;
    }

    public long bytesUploaded() {
        return outbox.bytesUploaded();
    }

    public long bytesDownloaded() {
        return bytesDownloaded;
    }

    /** Asks the peer for {@code length} bytes of {@code segment} from {@code offset}. */
    public PeerFetch request(int segment, int offset, int length) {
        // Checked here, not on the transport thread, where a bad argument would leave the result pending forever.
        if (segment < 0 || offset < 0 || length < 1 || length > WireMessage.Request.MAX_LENGTH) {
            throw new IllegalArgumentException("bad request " + segment + "@" + offset + "+" + length);
        }
        var f = new PeerFetch(this, 0, segment, offset, length, nanos.getAsLong());
        try {
            io.execute(() -> start(f));
        } catch (RejectedExecutionException e) {
            f.result().completeExceptionally(new PeerFetchException(Kind.CLOSED, null, "transport closed"));
        }
        return f;
    }

    /** Tells the peer we now hold {@code segment} (after verifying it). */
    public void announce(int segment) {
        io.execute(() -> send(new WireMessage.HaveOne(segment)));
    }

    /** Sends claims (and withdrawals) to the peer, in as few CLAIMS frames as the per-frame bound allows. */
    void sendClaims(SortedMap<Integer, Integer> claims) {
        List<WireMessage.Claim> batch = new ArrayList<>();
        for (var e : claims.entrySet()) {
            batch.add(new WireMessage.Claim(e.getKey(), e.getValue()));
            if (batch.size() == WireMessage.Claims.MAX_CLAIMS) {
                send(new WireMessage.Claims(batch));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) send(new WireMessage.Claims(batch));
    }

    public void close(ByeReason reason) {
        io.execute(() -> shutdown(reason, true, false));
    }

    // ---- transport thread from here on ----

    /** Tells the peer which segments our player wants now. */
    void sendWindow(WireMessage.Window window) {
        send(window);
    }

    /** The channel is open: HELLO, then what we hold, what we want and what we claim now. */
    void onOpen() {
        send(hello);
        BitSet mine = provider.segments(swarm);
        if (!mine.isEmpty()) send(WireMessage.Have.of(mine));
        WireMessage.Window window = ourWindow.get();
        if (window.count() > 0) send(window);
        SortedMap<Integer, Integer> claims = ourClaims.get();
        if (!claims.isEmpty()) sendClaims(claims);
        io.schedule(
                () -> {
                    if (state == State.AWAIT_HELLO) shutdown(ByeReason.IDLE, true, false);
                },
                config.helloTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void onMessage(byte[] message) {
        if (state == State.CLOSED) return;
        try {
            DecodeResult result = WireDecoder.decodeMessage(ByteBuffer.wrap(message), limits);
            if (!(result instanceof DecodeResult.Decoded decoded)) {
                hostile("undecodable message: " + result);
                return;
            }
            for (WireMessage m : decoded.messages()) {
                if (state == State.CLOSED) return;
                handle(m);
            }
        } catch (RuntimeException e) {
            hostile("failed handling a message: " + e.getClass().getSimpleName());
        }
    }

    private void handle(WireMessage m) {
        if (state == State.AWAIT_HELLO && !(m instanceof WireMessage.Hello)) {
            hostile(m.type() + " before HELLO");
        } else if (m instanceof WireMessage.Hello h) {
            onHello(h);
        } else if (m instanceof WireMessage.Have h) {
            if (!h.ranges().isEmpty() && h.ranges().get(h.ranges().size() - 1).last() > config.maxSegmentIndex()) {
                hostile("HAVE beyond the segment index bound");
                return;
            }
            synchronized (this) {
                for (SegmentRange r : h.ranges()) {
                    remoteHave.set(r.first(), r.last() + 1);
                    if (!remoteClaims.isEmpty()) remoteClaims.keySet().removeIf(i -> i >= r.first() && i <= r.last());
                }
            }
            listener.onHave(this);
        } else if (m instanceof WireMessage.HaveOne h) {
            if (h.segment() > config.maxSegmentIndex()) {
                hostile("HAVE_ONE beyond the segment index bound");
                return;
            }
            synchronized (this) {
                remoteHave.set(h.segment());
                remoteClaims.remove(h.segment());
            }
            listener.onHave(this);
        } else if (m instanceof WireMessage.Claims c) {
            onClaims(c);
        } else if (m instanceof WireMessage.Window w) {
            remoteWindow = w;
        } else if (m instanceof WireMessage.Request r) {
            onRequest(r);
        } else if (m instanceof WireMessage.Data d) {
            onData(d);
        } else if (m instanceof WireMessage.Cancel c) {
            outbox.cancelUpload(c.requestId());
        } else if (m instanceof WireMessage.Reject r) {
            PeerFetch f = pending.remove(r.requestId());
            if (f == null) return; // a reject racing our cancel
            if (r.reason() == RejectReason.NOT_HAVE) {
                synchronized (this) {
                    remoteHave.clear(f.segment);
                }
            }
            f.result().completeExceptionally(new PeerFetchException(Kind.REJECTED, r.reason(), "rejected"));
        } else if (m instanceof WireMessage.Bye b) {
            shutdown(b.reason(), false, false);
        }
    }

    private void onHello(WireMessage.Hello h) {
        if (state != State.AWAIT_HELLO) {
            hostile("second HELLO");
            return;
        }
        if (!h.swarmId().equals(hello.swarmId())) {
            shutdown(ByeReason.WRONG_SWARM, true, false);
            return;
        }
        if (!h.peerId().equals(wireId(remote))) {
            hostile("HELLO from an id other than the one signalled");
            return;
        }
        try {
            WireVersion.negotiate(hello, h);
        } catch (WireException e) {
            shutdown(ByeReason.INCOMPATIBLE_VERSION, true, false);
            return;
        }
        state = State.READY;
        ready.complete(this);
        listener.onReady(this);
    }

    private void onClaims(WireMessage.Claims c) {
        if (c.claims().get(c.claims().size() - 1).segment() > config.maxSegmentIndex()) {
            hostile("CLAIMS beyond the segment index bound");
            return;
        }
        synchronized (this) {
            for (WireMessage.Claim claim : c.claims()) {
                if (claim.withdrawn() || remoteHave.get(claim.segment())) {
                    remoteClaims.remove(claim.segment());
                } else if (remoteClaims.size() < MAX_REMOTE_CLAIMS || remoteClaims.containsKey(claim.segment())) {
                    remoteClaims.put(claim.segment(), claim.hops());
                }
            }
        }
        listener.onHave(this);
    }

    private void onRequest(WireMessage.Request r) {
        if (outbox.queuedUploads() >= config.maxQueuedUploads()) {
            send(new WireMessage.Reject(r.requestId(), RejectReason.BUSY));
            return;
        }
        byte[] data = provider.segmentForPeer(swarm, r.segment()).orElse(null);
        if (data == null) {
            send(new WireMessage.Reject(r.requestId(), RejectReason.NOT_HAVE));
        } else if ((long) r.offset() + r.length() > data.length) {
            send(new WireMessage.Reject(r.requestId(), RejectReason.BAD_REQUEST));
        } else {
            outbox.upload(r.requestId(), data, r.offset(), r.length());
        }
    }

    private void onData(WireMessage.Data d) {
        PeerFetch f = pending.get(d.requestId());
        if (f == null) {
            // DATA may trail a CANCEL or a timeout; only ids we never issued are a violation.
            if (d.requestId() >= nextRequestId || d.requestId() <= 0) hostile("DATA for a request never made");
            return;
        }
        if (d.offset() != f.offset + f.bytesReceived() || d.payloadLength() > f.remaining()) {
            hostile("DATA out of order or past the requested range");
            return;
        }
        int n = d.payloadLength();
        d.payload().get(f.buffer, f.bytesReceived(), n);
        f.progress(n, nanos.getAsLong());
        bytesDownloaded += n;
        if (f.remaining() == 0) {
            pending.remove(f.requestId);
            sampleRate(f);
            f.result().complete(f.buffer);
        }
    }

    private void sampleRate(PeerFetch f) {
        long elapsed = Math.max(1_000_000, nanos.getAsLong() - f.startedNanos());
        long sample = (long) (f.buffer.length * 1e9 / elapsed);
        long old = downloadRate;
        // Recent requests weigh most: a peer that slows down is seen within a few segments.
        downloadRate = old == 0 ? sample : (old * 7 + sample * 3) / 10;
    }

    private void start(PeerFetch f) {
        if (state != State.READY || pending.size() >= config.maxPendingRequests()) {
            f.result().completeExceptionally(new PeerFetchException(Kind.NOT_SENT, null, "not ready or too many"));
            return;
        }
        int id = nextRequestId++;
        f.requestId = id;
        pending.put(id, f);
        send(new WireMessage.Request(id, f.segment, f.offset, f.buffer.length));
        watch(f, f.bytesReceived());
    }

    /** Fails the request if it made no progress for the idle timeout. */
    private void watch(PeerFetch f, int seen) {
        io.schedule(
                () -> {
                    if (pending.get(f.requestId) != f) return;
                    if (f.bytesReceived() == seen) {
                        pending.remove(f.requestId);
                        send(new WireMessage.Cancel(f.requestId));
                        f.result().completeExceptionally(new PeerFetchException(Kind.TIMEOUT, null, "idle"));
                    } else {
                        watch(f, f.bytesReceived());
                    }
                },
                config.requestIdleTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void cancel(PeerFetch f) {
        io.execute(() -> {
            if (pending.remove(f.requestId) == f) {
                send(new WireMessage.Cancel(f.requestId));
                f.result().completeExceptionally(new PeerFetchException(Kind.CANCELLED, null, "cancelled"));
            }
        });
    }

    private void send(WireMessage m) {
        if (state != State.CLOSED) outbox.send(m);
    }

    private void hostile(String why) {
        closeDetail = why;
        shutdown(ByeReason.PROTOCOL_ERROR, true, true);
    }

    /** Why we closed on a protocol violation (for the log line at the boundary), or null. */
    public String closeDetail() {
        return closeDetail;
    }

    /** Closes for good; {@code hostile} marks the peer for banning. Idempotent. */
    void shutdown(ByeReason reason, boolean byUs, boolean hostile) {
        if (state == State.CLOSED) return;
        if (byUs) outbox.sendLast(new WireMessage.Bye(reason));
        else outbox.close();
        state = State.CLOSED;
        var failure = new PeerFetchException(Kind.CLOSED, null, "session closed: " + reason);
        pending.values().forEach(f -> f.result().completeExceptionally(failure));
        pending.clear();
        ready.completeExceptionally(failure);
        channel.close();
        listener.onClosed(this, reason, hostile);
    }

    /** The channel went away underneath us. */
    void onChannelClosed() {
        shutdown(ByeReason.NORMAL, false, false);
    }
}
