package dev.riffle.testkit;

import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Gives {@code @QuarkusTest} apps a free management port ({@code quarkus.management.test-port}) picked once per test
 * JVM: Quarkus's own default (9001) clashes between builds running side by side, and with port 0 the test's
 * {@code @TestHTTPResource(management = true)} does not learn the port that was bound. Found through
 * {@code META-INF/services}; below {@code application.properties} in precedence.
 */
public final class ManagementTestPort implements ConfigSource {
    private static final String KEY = "quarkus.management.test-port";
    /** Kept in a system property: Quarkus tests load this class in more than one class loader, all must agree. */
    private static final String SHARED = "riffle.testkit.management-test-port";

    private static final String PORT = port();

    private static synchronized String port() {
        String p = System.getProperty(SHARED);
        if (p == null) {
            p = Integer.toString(FreePorts.pick());
            System.setProperty(SHARED, p);
        }
        return p;
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(KEY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(KEY, PORT);
    }

    @Override
    public String getValue(String name) {
        return KEY.equals(name) ? PORT : null;
    }

    @Override
    public String getName() {
        return "riffle-testkit-management-port";
    }

    @Override
    public int getOrdinal() {
        return 150;
    }
}
