package dev.riffle.agent.transport;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;

/**
 * Owns one native {@link PeerConnectionFactory} (with its signalling, worker and network threads). One per agent, or
 * one shared by many agents in a JVM and passed in; whoever creates it closes it, after every link it made is closed.
 */
public final class RtcFactory implements AutoCloseable {
    private final AudioDeviceModule audio;
    private final PeerConnectionFactory factory;
    private boolean closed;

    public RtcFactory() {
        // Data channels only: the dummy audio layer avoids opening sound devices (libpulse must still be installed).
        this.audio = new AudioDeviceModule(AudioLayer.kDummyAudio);
        this.factory = new PeerConnectionFactory(audio);
    }

    PeerConnectionFactory factory() {
        if (closed) throw new IllegalStateException("factory closed");
        return factory;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        factory.dispose();
        audio.dispose();
    }
}
