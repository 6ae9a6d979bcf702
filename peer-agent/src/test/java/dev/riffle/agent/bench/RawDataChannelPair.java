package dev.riffle.agent.bench;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: plain webrtc-java, two peer connections (one factory each, as two agents would have) and a send loop
 * with the same back-pressure as the transport (pause above 4 MiB buffered, resume at 1 MiB). No framing, no copies
 * beyond libwebrtc's own.
 */
final class RawDataChannelPair implements AutoCloseable {
    private static final long HIGH = 4L << 20, LOW = 1L << 20;

    private final AudioDeviceModule adm1 = new AudioDeviceModule(AudioLayer.kDummyAudio);
    private final AudioDeviceModule adm2 = new AudioDeviceModule(AudioLayer.kDummyAudio);
    private final PeerConnectionFactory f1 = new PeerConnectionFactory(adm1);
    private final PeerConnectionFactory f2 = new PeerConnectionFactory(adm2);
    private final RTCPeerConnection a;
    private final RTCPeerConnection b;
    private final RTCDataChannel out;
    private volatile RTCDataChannel in;
    private final CompletableFuture<Void> open = new CompletableFuture<>();
    private final AtomicLong received = new AtomicLong();
    private volatile long target = Long.MAX_VALUE;
    private volatile CompletableFuture<Long> done = new CompletableFuture<>();

    RawDataChannelPair() throws Exception {
        RTCPeerConnection[] pcs = new RTCPeerConnection[2];
        pcs[0] = f1.createPeerConnection(new RTCConfiguration(), c -> trickle(pcs[1], c));
        pcs[1] = f2.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
            @Override
            public void onIceCandidate(RTCIceCandidate c) {
                trickle(pcs[0], c);
            }

            @Override
            public void onDataChannel(RTCDataChannel ch) {
                in = ch;
                ch.registerObserver(new RTCDataChannelObserver() {
                    @Override
                    public void onBufferedAmountChange(long previous) {}

                    @Override
                    public void onStateChange() {}

                    @Override
                    public void onMessage(RTCDataChannelBuffer buffer) {
                        if (received.addAndGet(buffer.data.remaining()) >= target) done.complete(System.nanoTime());
                    }
                });
            }
        });
        a = pcs[0];
        b = pcs[1];
        out = a.createDataChannel("raw", new RTCDataChannelInit());
        out.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previous) {}

            @Override
            public void onStateChange() {
                if (out.getState() == RTCDataChannelState.OPEN) open.complete(null);
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {}
        });
        var sdpDone = new CompletableFuture<Void>();
        Runnable finished = () -> sdpDone.complete(null);
        java.util.function.Consumer<RTCSessionDescription> onAnswer =
                answer -> a.setRemoteDescription(answer, new Then(finished));
        java.util.function.Consumer<RTCSessionDescription> onOffer = offer -> b.setRemoteDescription(
                offer, new Then(() -> b.createAnswer(new RTCAnswerOptions(), new Described(b, onAnswer))));
        a.createOffer(new RTCOfferOptions(), new Described(a, onOffer));
        sdpDone.get(20, TimeUnit.SECONDS);
        java.util.List<Runnable> held;
        synchronized (early) {
            described = true;
            held = java.util.List.copyOf(early);
            early.clear();
        }
        held.forEach(Runnable::run); // outside the lock: addIceCandidate blocks on libwebrtc's thread
        open.get(20, TimeUnit.SECONDS);
    }

    private final java.util.List<Runnable> early = new java.util.ArrayList<>();
    private boolean described;

    /** Candidates may be gathered before the other side has its remote description: hold them until then. */
    private void trickle(RTCPeerConnection to, RTCIceCandidate c) {
        synchronized (early) {
            if (!described) {
                early.add(() -> to.addIceCandidate(c));
                return;
            }
        }
        to.addIceCandidate(c);
    }

    /** Sends {@code total} bytes in messages of {@code messageBytes}; returns received bytes per second. */
    double run(long total, int messageBytes, long timeoutNanos) throws Exception {
        done = new CompletableFuture<>();
        received.set(0);
        target = total;
        byte[] message = new byte[messageBytes];
        long start = System.nanoTime();
        long sent = 0;
        while (sent < total) {
            if (System.nanoTime() - start > timeoutNanos) throw new IllegalStateException("raw run timed out");
            if (out.getBufferedAmount() > HIGH) {
                // Same as the transport: wait for the low-water mark, polling every 2 ms (webrtc-java 0.14 never
                // calls onBufferedAmountChange).
                while (out.getBufferedAmount() > LOW) java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
                continue;
            }
            out.send(new RTCDataChannelBuffer(ByteBuffer.wrap(message), true));
            sent += messageBytes;
        }
        long end;
        try {
            end = done.get(Math.max(1, timeoutNanos - (System.nanoTime() - start)), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("raw run: received " + received.get() + " of " + total + ", sent " + sent);
        }
        return total / ((end - start) / 1e9);
    }

    @Override
    public void close() {
        out.unregisterObserver();
        out.close();
        out.dispose();
        if (in != null) {
            in.unregisterObserver();
            in.close();
            in.dispose();
        }
        a.close();
        b.close();
        f1.dispose();
        f2.dispose();
        adm1.dispose();
        adm2.dispose();
    }

    private record Described(RTCPeerConnection pc, java.util.function.Consumer<RTCSessionDescription> next)
            implements CreateSessionDescriptionObserver {
        @Override
        public void onSuccess(RTCSessionDescription d) {
            pc.setLocalDescription(d, new Then(() -> next.accept(d)));
        }

        @Override
        public void onFailure(String error) {
            throw new IllegalStateException(error);
        }
    }

    private record Then(Runnable next) implements SetSessionDescriptionObserver {
        @Override
        public void onSuccess() {
            next.run();
        }

        @Override
        public void onFailure(String error) {
            throw new IllegalStateException(error);
        }
    }
}
