package dev.riffle.tracker.signal;

import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.stats.TrackerMetrics;
import dev.riffle.tracker.store.SwarmStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.InstantSource;

/** The relay and its bus: Redis pub/sub when swarms live in Redis (replicas), in-process otherwise. */
@ApplicationScoped
public class SignalBeans {

    @Produces
    @Singleton
    SignalBus bus(TrackerConfig config) {
        return "redis".equals(config.store().kind())
                ? new RedisSignalBus(config.store().redisUri(), config.store().keyPrefix())
                : new LocalSignalBus();
    }

    void closeBus(@Disposes SignalBus bus) {
        bus.close();
    }

    @Produces
    @Singleton
    SignalRelay relay(
            SignalBus bus, SwarmStore store, InstantSource clock, TrackerConfig config, TrackerMetrics metrics) {
        TrackerConfig.Signal s = config.signal();
        return new SignalRelay(
                bus,
                store,
                clock,
                new SignalRelay.Limits(
                        s.maxMessageBytes(),
                        s.offerTtl(),
                        s.offersPerAnnounce(),
                        config.announce().interval(),
                        s.messagesPerSecond(),
                        s.messageBurst()),
                new SignalRelay.Events() {
                    @Override
                    public void message(String type, String outcome) {
                        metrics.signal(type, outcome);
                    }

                    @Override
                    public void closed(String reason) {
                        metrics.rejected("signal-" + reason);
                    }
                });
    }

    void closeRelay(@Disposes SignalRelay relay) {
        relay.close();
    }
}
