package dev.riffle.agent.transport;

import dev.riffle.agent.scheduler.PeerId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A relay for agents in one JVM (tests, benchmarks, the simulator). Messages are delivered in order on the hub's own
 * thread, never on the sender's stack, as a network relay would.
 */
public final class InProcessSignaling implements AutoCloseable {
    private final Map<PeerId, BiConsumer<PeerId, SignalMessage>> handlers = new ConcurrentHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "riffle-signaling-hub");
        t.setDaemon(true);
        return t;
    });

    /** The signalling endpoint of one agent. */
    public Signaling endpoint(PeerId self) {
        return new Signaling() {
            @Override
            public void send(PeerId to, SignalMessage message) {
                delivery.execute(() -> {
                    var h = handlers.get(to);
                    if (h != null) h.accept(self, message);
                });
            }

            @Override
            public void receive(BiConsumer<PeerId, SignalMessage> handler) {
                handlers.put(self, handler);
            }
        };
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }
}
