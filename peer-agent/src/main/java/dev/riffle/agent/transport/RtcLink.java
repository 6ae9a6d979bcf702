package dev.riffle.agent.transport;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.ByeReason;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One WebRTC peer connection carrying one ordered, reliable data channel per swarm, each labelled with its swarm id
 * and carrying its own {@link PeerSession}: a rendition switch, or a second title, opens another channel on the same
 * connection (in band, no new offer/answer once the connection is up). Native callbacks arrive on libwebrtc's
 * signalling thread and only post work to the transport thread, which makes every call into the connection: callbacks
 * never block, and sessions see one thread. A channel's session ending closes that channel; the connection closes
 * with its last channel.
 */
final class RtcLink {
    private final PeerId remote;
    private final Signaling signaling;
    private final ScheduledExecutorService io;
    private final TransportConfig config;
    private final BiFunction<SwarmId, FrameChannel, PeerSession> sessions;
    private final Predicate<SwarmId> acceptsIncoming;
    private final Consumer<RtcLink> onClosed;
    private final ConnectionLog log;
    private final boolean offerer;
    /** The swarm an outgoing offer is for; null when answering (the data channel's label names it). */
    private SwarmId offerSwarm;

    private final RTCPeerConnection pc;
    private final List<RTCIceCandidate> early = new ArrayList<>();
    private static final long DRAIN_POLL_MICROS = 2_000;
    /** Transport thread only. */
    private final Map<SwarmId, Channel> channels = new LinkedHashMap<>();

    private boolean remoteDescriptionSet;
    private boolean closed;

    private RtcLink(
            RtcFactory rtc,
            PeerId remote,
            boolean offerer,
            Signaling signaling,
            ScheduledExecutorService io,
            TransportConfig config,
            BiFunction<SwarmId, FrameChannel, PeerSession> sessions,
            Predicate<SwarmId> acceptsIncoming,
            Consumer<RtcLink> onClosed,
            ConnectionLog log) {
        this.remote = remote;
        this.offerer = offerer;
        this.signaling = signaling;
        this.io = io;
        this.config = config;
        this.sessions = sessions;
        this.acceptsIncoming = acceptsIncoming;
        this.onClosed = onClosed;
        this.log = log;
        log.attempted(remote);
        this.pc = rtc.factory().createPeerConnection(rtcConfiguration(config), new Observer());
    }

    private static RTCConfiguration rtcConfiguration(TransportConfig config) {
        var c = new RTCConfiguration();
        for (IceServer ice : config.iceServers()) {
            var server = new RTCIceServer();
            server.urls = ice.urls();
            server.username = ice.username().orElse(null);
            server.password = ice.credential().orElse(null);
            c.iceServers.add(server);
        }
        // Relay only: libwebrtc then gathers no host or reflexive candidates, so none reaches a peer.
        if (config.relayOnly()) c.iceTransportPolicy = RTCIceTransportPolicy.RELAY;
        return c;
    }

    /** Starts an outgoing connection for {@code swarm}; the session exists at once, ready after HELLO. */
    static RtcLink offer(
            RtcFactory rtc,
            PeerId remote,
            SwarmId swarm,
            Signaling signaling,
            ScheduledExecutorService io,
            TransportConfig config,
            BiFunction<SwarmId, FrameChannel, PeerSession> sessions,
            Predicate<SwarmId> acceptsIncoming,
            Consumer<RtcLink> onClosed,
            ConnectionLog log) {
        var link = new RtcLink(rtc, remote, true, signaling, io, config, sessions, acceptsIncoming, onClosed, log);
        link.offerSwarm = swarm;
        // The first channel exists before the offer, so the offer negotiates the SCTP transport every channel uses.
        link.open(swarm);
        link.pc.createOffer(new RTCOfferOptions(), link.described(RTCSdpType.OFFER));
        return link;
    }

    /** Answers an offer; the swarm is known once the data channel arrives. */
    static RtcLink answer(
            RtcFactory rtc,
            PeerId remote,
            String offerSdp,
            Signaling signaling,
            ScheduledExecutorService io,
            TransportConfig config,
            BiFunction<SwarmId, FrameChannel, PeerSession> sessions,
            Predicate<SwarmId> acceptsIncoming,
            Consumer<RtcLink> onClosed,
            ConnectionLog log) {
        var link = new RtcLink(rtc, remote, false, signaling, io, config, sessions, acceptsIncoming, onClosed, log);
        link.setRemote(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp));
        return link;
    }

    PeerId remote() {
        return remote;
    }

    boolean offerer() {
        return offerer;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Whether another data channel may be opened now: the offerer's first channel is in its offer, so it may add more
     * at once; the answerer waits until the offer's channel arrived (the SCTP association is up by then).
     */
    boolean canOpenChannels() {
        return !closed && (offerer || !channels.isEmpty());
    }

    /** The first channel's session (the swarm the connection was made for, while it lasts). */
    Optional<PeerSession> session() {
        return channels.values().stream().map(c -> c.session).findFirst();
    }

    /** Every swarm's session on this connection. */
    List<PeerSession> sessions() {
        return channels.values().stream().map(c -> c.session).toList();
    }

    Optional<PeerSession> session(SwarmId swarm) {
        return Optional.ofNullable(channels.get(swarm)).map(c -> c.session);
    }

    /**
     * The session for {@code swarm} on this connection, opening a data channel for it if there is none (on the
     * transport thread). Empty if the connection is closed.
     */
    Optional<PeerSession> open(SwarmId swarm) {
        if (closed) return Optional.empty();
        Channel c = channels.get(swarm);
        if (c != null) return Optional.of(c.session);
        var init = new RTCDataChannelInit(); // ordered, reliable: the defaults
        return Optional.ofNullable(attach(pc.createDataChannel(swarm.hex(), init), swarm));
    }

    /** Closes one swarm's channel (its session ends); the connection closes with its last channel. */
    void closeChannel(SwarmId swarm) {
        Channel c = channels.get(swarm);
        if (c != null) c.close();
    }

    /** Handshake messages for this link, on the transport thread. */
    void onSignal(SignalMessage m) {
        if (closed) return;
        if (m instanceof SignalMessage.Answer a && offerer && !remoteDescriptionSet) {
            setRemote(new RTCSessionDescription(RTCSdpType.ANSWER, a.sdp()));
        } else if (m instanceof SignalMessage.Candidate c) {
            var candidate = new RTCIceCandidate(c.sdpMid(), c.sdpMLineIndex(), c.sdp());
            if (remoteDescriptionSet) pc.addIceCandidate(candidate);
            else if (early.size() < 64) early.add(candidate); // bounded: a relay could replay junk
        } else if (m instanceof SignalMessage.Hangup) {
            close(false);
        }
    }

    private void setRemote(RTCSessionDescription description) {
        pc.setRemoteDescription(description, new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                post(() -> {
                    if (closed) return;
                    remoteDescriptionSet = true;
                    early.forEach(pc::addIceCandidate);
                    early.clear();
                    if (!offerer) pc.createAnswer(new RTCAnswerOptions(), described(RTCSdpType.ANSWER));
                });
            }

            @Override
            public void onFailure(String error) {
                post(() -> close(true));
            }
        });
    }

    private CreateSessionDescriptionObserver described(RTCSdpType type) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                post(() -> {
                    if (closed) return;
                    pc.setLocalDescription(description, new SetSessionDescriptionObserver() {
                        @Override
                        public void onSuccess() {
                            signaling.send(
                                    remote,
                                    type == RTCSdpType.OFFER
                                            ? new SignalMessage.Offer(description.sdp, offerSwarm)
                                            : new SignalMessage.Answer(description.sdp));
                        }

                        @Override
                        public void onFailure(String error) {
                            post(() -> close(true));
                        }
                    });
                });
            }

            @Override
            public void onFailure(String error) {
                post(() -> close(true));
            }
        };
    }

    /** Wires a data channel to a new session; null (and the channel dropped) if no session is wanted for it. */
    private PeerSession attach(RTCDataChannel ch, SwarmId swarm) {
        Channel c = new Channel(ch, swarm);
        channels.put(swarm, c);
        PeerSession session = sessions.apply(swarm, c);
        if (session == null) {
            channels.remove(swarm, c);
            c.dispose();
            if (channels.isEmpty()) close(true);
            return null;
        }
        c.session = session;
        c.observe();
        return session;
    }

    private void incoming(RTCDataChannel ch) {
        SwarmId swarm = SwarmId.parse(ch.getLabel()).orElse(null);
        // Both ends opened a channel for the same swarm at once: the connection's offerer keeps its own.
        boolean clash = swarm != null && channels.containsKey(swarm);
        if (closed || swarm == null || (clash && offerer) || !acceptsIncoming.test(swarm)) {
            ch.close();
            ch.dispose();
            if (swarm == null || (!clash && channels.isEmpty())) close(true); // unknown or unwelcome swarm
            return;
        }
        // Theirs replaces ours: attached first, so that when ours closes the link still carries the swarm and whoever
        // waits for it is served by the new session rather than told it failed.
        Channel ours = clash ? channels.get(swarm) : null;
        attach(ch, swarm);
        if (ours != null) ours.close();
    }

    /**
     * Reads the connection's selected candidate pair into the {@link ConnectionLog} (asynchronously: libwebrtc answers
     * on its own thread). Transport thread; nothing once closed.
     */
    void refreshStats() {
        if (closed) return;
        logPayload();
        pc.getStats(report -> SelectedPair.of(report.getStats()).ifPresent(p -> log.selected(remote, p)));
    }

    private void logPayload() {
        long bytes = 0;
        for (Channel c : channels.values()) {
            if (c.session != null) bytes += c.session.bytesDownloaded();
        }
        log.payload(remote, bytes);
    }

    /** Frees the native objects; on the transport thread. */
    void close(boolean tellPeer) {
        if (closed) return;
        logPayload(); // its sessions' counts go with them
        closed = true;
        if (tellPeer) signaling.send(remote, new SignalMessage.Hangup("closed"));
        for (Channel c : List.copyOf(channels.values())) {
            c.dispose();
            if (c.session != null) c.session.onChannelClosed();
        }
        channels.clear();
        pc.close();
        onClosed.accept(this);
    }

    void close() {
        close(true);
    }

    private void post(Runnable r) {
        try {
            io.execute(r);
        } catch (RejectedExecutionException e) {
            // transport shut down: nothing left to do
        }
    }

    /** One swarm's data channel: its own inbound queue, drain polling and session. */
    private final class Channel implements FrameChannel {
        private final RTCDataChannel channel;
        private final SwarmId swarm;
        private final AtomicLong inboundQueued = new AtomicLong();
        private final ConcurrentLinkedQueue<byte[]> inbox = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean inboxScheduled = new AtomicBoolean();
        private PeerSession session;
        private Runnable onDrained;
        private boolean drainPolling;
        private boolean opened;
        private boolean disposed;

        Channel(RTCDataChannel channel, SwarmId swarm) {
            this.channel = channel;
            this.swarm = swarm;
        }

        void observe() {
            channel.registerObserver(new RTCDataChannelObserver() {
                @Override
                public void onBufferedAmountChange(long previousAmount) {
                    // never called by webrtc-java 0.14; see requestDrainNotice
                }

                @Override
                public void onStateChange() {
                    post(Channel.this::stateChanged);
                }

                @Override
                public void onMessage(RTCDataChannelBuffer buffer) {
                    // The native buffer is only valid during this call: copy, then hand over.
                    byte[] bytes = new byte[buffer.data.remaining()];
                    buffer.data.get(bytes);
                    if (inboundQueued.addAndGet(bytes.length) > config.maxInboundQueuedBytes()) {
                        post(() -> {
                            if (!disposed) session.shutdown(ByeReason.PROTOCOL_ERROR, true, true);
                        });
                        return;
                    }
                    inbox.add(bytes);
                    // One wake-up per burst, not per message: the transport thread drains everything queued.
                    if (inboxScheduled.compareAndSet(false, true)) post(Channel.this::drainInbox);
                }
            });
            if (channel.getState() == RTCDataChannelState.OPEN) post(this::stateChanged);
        }

        private void drainInbox() {
            inboxScheduled.set(false);
            for (byte[] m; (m = inbox.poll()) != null; ) {
                inboundQueued.addAndGet(-m.length);
                if (!disposed) session.onMessage(m);
            }
        }

        private void stateChanged() {
            if (disposed) return;
            RTCDataChannelState s = channel.getState();
            if (s == RTCDataChannelState.OPEN && !opened) {
                opened = true;
                session.onOpen();
            } else if (s == RTCDataChannelState.CLOSED || s == RTCDataChannelState.CLOSING) {
                close();
            }
        }

        @Override
        public long bufferedAmount() {
            return disposed ? 0 : channel.getBufferedAmount();
        }

        @Override
        public void send(ByteBuffer message) {
            if (disposed) return;
            try {
                channel.send(new RTCDataChannelBuffer(message, true));
            } catch (Exception e) {
                post(this::close);
            }
        }

        @Override
        public void requestDrainNotice(Runnable onDrained) {
            // webrtc-java 0.14 never calls onBufferedAmountChange (measured: zero calls over 6 MiB sent), so poll
            // while the buffer is above the low-water mark. At ~70 MB/s, 1 MiB lasts ~15 ms: a 2 ms poll keeps the
            // pipe full.
            this.onDrained = onDrained;
            if (drainPolling) return;
            drainPolling = true;
            pollDrain();
        }

        private void pollDrain() {
            if (disposed) return;
            if (bufferedAmount() <= config.lowWaterBytes()) {
                drainPolling = false;
                onDrained.run();
            } else {
                io.schedule(this::pollDrain, DRAIN_POLL_MICROS, TimeUnit.MICROSECONDS);
            }
        }

        /** Closes this swarm's channel; the connection goes with its last one. Transport thread; idempotent. */
        @Override
        public void close() {
            if (disposed || closed) return;
            dispose();
            channels.remove(swarm, this);
            if (session != null) session.onChannelClosed();
            if (channels.isEmpty()) RtcLink.this.close(true);
        }

        void dispose() {
            if (disposed) return;
            disposed = true;
            channel.unregisterObserver();
            channel.close();
            channel.dispose();
        }
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate c) {
            signaling.send(remote, new SignalMessage.Candidate(c.sdpMid, c.sdpMLineIndex, c.sdp));
        }

        @Override
        public void onDataChannel(RTCDataChannel ch) {
            post(() -> incoming(ch));
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            if (state == RTCPeerConnectionState.FAILED || state == RTCPeerConnectionState.CLOSED) {
                post(() -> close(false));
            } else if (state == RTCPeerConnectionState.CONNECTED) {
                post(RtcLink.this::refreshStats);
            }
        }
    }
}
