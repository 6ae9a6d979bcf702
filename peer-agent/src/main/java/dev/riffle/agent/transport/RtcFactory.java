package dev.riffle.agent.transport;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;

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

    /** Disposes the factory, then the audio module it uses. Close every agent (link) made with it first. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        factory.dispose();
        audio.dispose();
    }

    /**
     * For a main, as the last step before the JVM exits, once every factory is closed and all output is written: points
     * the process's standard output at /dev/null. Why: webrtc-java keeps JNI global references in C++ statics, and
     * their destructors run after the JVM is gone (at process exit, whatever was disposed before); each then fails to
     * attach its thread and prints "VM attach current thread failed / Failed to attach thread" to stdout. Closing
     * {@link FileDescriptor#out} makes the JDK put /dev/null on descriptor 1, so those lines go nowhere. Standard
     * error is left alone.
     */
    public static void quietNativeExit() {
        System.out.flush();
        try {
            new FileOutputStream(FileDescriptor.out).close();
        } catch (IOException e) {
            // stdout stays as it was: the lines above may show
        }
    }
}
