package dev.riffle.tracker.signal;

import java.util.function.Consumer;

/**
 * Carries relayed signalling messages between tracker replicas. Every replica sees every message and delivers those
 * whose target is connected to it (a broadcast: simple, and fine for signalling volumes of a few replicas).
 */
public interface SignalBus extends AutoCloseable {

    void publish(String relayedJson);

    void subscribe(Consumer<String> listener);

    @Override
    void close();
}
