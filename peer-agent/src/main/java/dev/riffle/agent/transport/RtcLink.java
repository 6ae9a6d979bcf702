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
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.protocol.swarm.SwarmId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * One WebRTC peer connection with one ordered, reliable data channel, labelled with the swarm id. Native callbacks
 * arrive on libwebrtc's signalling thread and only post work to the transport thread, which makes every call into the
 * connection: callbacks never block, and the session sees one thread.
 */
final class RtcLink implements FrameChannel {
    private final PeerId remote;
    private final Signaling signaling;
    private final ScheduledExecutorService io;
    private final TransportConfig config;
    private final BiFunction<SwarmId, FrameChannel, PeerSession> sessions;
    private final Consumer<RtcLink> onClosed;
    private final boolean offerer;
    /** The swarm an outgoing offer is for; null when answering (the data channel's label names it). */
    private SwarmId offerSwarm;

    private final RTCPeerConnection pc;
    private final List<RTCIceCandidate> early = new ArrayList<>();
    private final AtomicLong inboundQueued = new AtomicLong();
    private final ConcurrentLinkedQueue<byte[]> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean inboxScheduled = new AtomicBoolean();
    private static final long DRAIN_POLL_MICROS = 2_000;
    private Runnable onDrained;
    private boolean drainPolling;

    private RTCDataChannel channel;
    private PeerSession session;
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
            Consumer<RtcLink> onClosed) {
        this.remote = remote;
        this.offerer = offerer;
        this.signaling = signaling;
        this.io = io;
        this.config = config;
        this.sessions = sessions;
        this.onClosed = onClosed;
        this.pc = rtc.factory().createPeerConnection(rtcConfiguration(config), new Observer());
    }

    private static RTCConfiguration rtcConfiguration(TransportConfig config) {
        var c = new RTCConfiguration();
        for (String url : config.iceServers()) {
            var server = new RTCIceServer();
            server.urls = List.of(url);
            c.iceServers.add(server);
        }
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
            Consumer<RtcLink> onClosed) {
        var link = new RtcLink(rtc, remote, true, signaling, io, config, sessions, onClosed);
        link.offerSwarm = swarm;
        var init = new RTCDataChannelInit(); // ordered, reliable: the defaults
        link.attach(link.pc.createDataChannel(swarm.hex(), init));
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
            Consumer<RtcLink> onClosed) {
        var link = new RtcLink(rtc, remote, false, signaling, io, config, sessions, onClosed);
        link.setRemote(new RTCSessionDescription(RTCSdpType.OFFER, offerSdp));
        return link;
    }

    PeerId remote() {
        return remote;
    }

    boolean offerer() {
        return offerer;
    }

    Optional<PeerSession> session() {
        return Optional.ofNullable(session);
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

    private void attach(RTCDataChannel ch) {
        SwarmId swarm = SwarmId.parse(ch.getLabel()).orElse(null);
        this.channel = ch;
        this.session = swarm == null ? null : sessions.apply(swarm, this);
        if (session == null) {
            close(true); // unknown or unwelcome swarm
            return;
        }
        ch.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
                // never called by webrtc-java 0.14; see requestDrainNotice
            }

            @Override
            public void onStateChange() {
                post(RtcLink.this::channelStateChanged);
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                // The native buffer is only valid during this call: copy, then hand over.
                byte[] bytes = new byte[buffer.data.remaining()];
                buffer.data.get(bytes);
                if (inboundQueued.addAndGet(bytes.length) > config.maxInboundQueuedBytes()) {
                    post(() -> session.shutdown(dev.riffle.protocol.wire.ByeReason.PROTOCOL_ERROR, true, true));
                    return;
                }
                inbox.add(bytes);
                // One wake-up per burst, not per message: the transport thread drains everything queued.
                if (inboxScheduled.compareAndSet(false, true)) post(RtcLink.this::drainInbox);
            }
        });
        if (ch.getState() == RTCDataChannelState.OPEN) post(this::channelStateChanged);
    }

    private boolean opened;

    private void drainInbox() {
        inboxScheduled.set(false);
        for (byte[] m; (m = inbox.poll()) != null; ) {
            inboundQueued.addAndGet(-m.length);
            if (!closed) session.onMessage(m);
        }
    }

    private void channelStateChanged() {
        if (closed || channel == null) return;
        RTCDataChannelState s = channel.getState();
        if (s == RTCDataChannelState.OPEN && !opened) {
            opened = true;
            session.onOpen();
        } else if (s == RTCDataChannelState.CLOSED || s == RTCDataChannelState.CLOSING) {
            close(false);
        }
    }

    @Override
    public long bufferedAmount() {
        return closed || channel == null ? 0 : channel.getBufferedAmount();
    }

    @Override
    public void send(ByteBuffer message) {
        if (closed || channel == null) return;
        try {
            channel.send(new RTCDataChannelBuffer(message, true));
        } catch (Exception e) {
            post(() -> close(true));
        }
    }

    @Override
    public void requestDrainNotice(Runnable onDrained) {
        // webrtc-java 0.14 never calls onBufferedAmountChange (measured: zero calls over 6 MiB sent), so poll while
        // the buffer is above the low-water mark. At ~70 MB/s, 1 MiB lasts ~15 ms: a 2 ms poll keeps the pipe full.
        this.onDrained = onDrained;
        if (drainPolling) return;
        drainPolling = true;
        pollDrain();
    }

    private void pollDrain() {
        if (closed) return;
        if (bufferedAmount() <= config.lowWaterBytes()) {
            drainPolling = false;
            onDrained.run();
        } else {
            io.schedule(this::pollDrain, DRAIN_POLL_MICROS, TimeUnit.MICROSECONDS);
        }
    }

    @Override
    public void close() {
        close(true);
    }

    /** Frees the native objects; on the transport thread. */
    void close(boolean tellPeer) {
        if (closed) return;
        closed = true;
        if (tellPeer) signaling.send(remote, new SignalMessage.Hangup("closed"));
        if (channel != null) {
            channel.unregisterObserver();
            channel.close();
            channel.dispose();
            channel = null;
        }
        pc.close();
        if (session != null) session.onChannelClosed();
        onClosed.accept(this);
    }

    private void post(Runnable r) {
        try {
            io.execute(r);
        } catch (RejectedExecutionException e) {
            // transport shut down: nothing left to do
        }
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate c) {
            signaling.send(remote, new SignalMessage.Candidate(c.sdpMid, c.sdpMLineIndex, c.sdp));
        }

        @Override
        public void onDataChannel(RTCDataChannel ch) {
            post(() -> {
                if (closed || channel != null || offerer) {
                    ch.close();
                    ch.dispose();
                    return;
                }
                attach(ch);
            });
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            if (state == RTCPeerConnectionState.FAILED || state == RTCPeerConnectionState.CLOSED) {
                post(() -> close(false));
            }
        }
    }
}
