package dev.riffle.origin.config;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults for the edge that depend on the machine, below every other source (ordinal 50: application.properties,
 * the environment and {@code -D} all override it). One Vert.x event loop per core, like nginx's one worker per core:
 * Quarkus's default of two per core made 4 MiB segments ~30 % slower on a 2-core box (docs/benchmarks.md), because
 * the extra loops only add context switches when every loop is busy pushing sendfile.
 */
public class EdgeDefaults implements ConfigSource {
    static final String EVENT_LOOPS = "quarkus.vertx.event-loops-pool-size";

    private final Map<String, String> properties = Map.of(
            EVENT_LOOPS, Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors())));

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String name) {
        return properties.get(name);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public int getOrdinal() {
        return 50;
    }

    @Override
    public String getName() {
        return "riffle-edge-defaults";
    }
}
