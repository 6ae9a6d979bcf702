package dev.riffle.tracker.config;

import dev.riffle.tracker.geo.GeoResolver;
import dev.riffle.tracker.polluter.InMemoryPolluterStore;
import dev.riffle.tracker.polluter.PolluterStore;
import dev.riffle.tracker.polluter.RedisPolluterStore;
import dev.riffle.tracker.store.InMemorySwarmStore;
import dev.riffle.tracker.store.RedisSwarmStore;
import dev.riffle.tracker.store.SwarmStore;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.File;
import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import org.jboss.logging.Logger;

/** Wires the pure parts to configuration: clock, geo resolver, swarm store. */
@ApplicationScoped
public class TrackerBeans {

    private static final Logger LOG = Logger.getLogger(TrackerBeans.class);

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    GeoResolver geoResolver(TrackerConfig config) {
        List<GeoResolver.CidrOverride> overrides = config.geo().overrides().orElse(List.of()).stream()
                .filter(s -> !s.isBlank())
                .map(GeoResolver.CidrOverride::parse)
                .toList();
        return new GeoResolver(
                overrides,
                config.geo().asnDb().map(File::new),
                config.geo().cityDb().map(File::new));
    }

    void closeGeo(@Disposes GeoResolver geo) throws IOException {
        geo.close();
    }

    @Produces
    @Singleton
    @Startup
    SwarmStore swarmStore(TrackerConfig config, Vertx vertx, InstantSource clock) {
        TrackerConfig.Store s = config.store();
        switch (s.kind()) {
            case "redis":
                LOG.infof("swarm store: Redis at %s, prefix %s", redactedUri(s.redisUri()), s.keyPrefix());
                return new RedisSwarmStore(
                        s.redisUri(),
                        s.keyPrefix(),
                        config.announce().peerTtl(),
                        s.maxPeersPerSwarm(),
                        s.snapshotMaxAge());
            case "memory":
                LOG.info("swarm store: in memory");
                InMemorySwarmStore store =
                        new InMemorySwarmStore(config.announce().peerTtl(), s.maxPeersPerSwarm(), new Random());
                long every = Math.max(1000, config.announce().peerTtl().toMillis() / 4);
                vertx.setPeriodic(every, id -> store.sweep(clock.millis()));
                return store;
            default:
                throw new IllegalArgumentException("riffle.tracker.store.kind must be memory or redis");
        }
    }

    void closeStore(@Disposes SwarmStore store) {
        store.close();
    }

    /** Polluter reports live where the swarms do: replicas sharing swarms in Redis share the verdicts too. */
    @Produces
    @Singleton
    PolluterStore polluterStore(TrackerConfig config) {
        TrackerConfig.Store s = config.store();
        return s.kind().equals("redis")
                ? new RedisPolluterStore(s.redisUri(), s.keyPrefix())
                : new InMemoryPolluterStore(100_000);
    }

    void closePolluters(@Disposes PolluterStore store) {
        store.close();
    }

    /** Drops any user:password part of a Redis URI before logging it. */
    static String redactedUri(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}
