package dev.riffle.tracker.signal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** One tracker, one JVM: messages go straight to the subscribers. */
public final class LocalSignalBus implements SignalBus {

    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    @Override
    public void publish(String relayedJson) {
        listeners.forEach(l -> l.accept(relayedJson));
    }

    @Override
    public void subscribe(Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
