package dev.riffle.tracker.admission;

import dev.riffle.testkit.Keycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points quarkus-oidc at the real Keycloak (testkit, realm {@code riffle}, one server per JVM) instead of the %test
 * profile's local public key. Keycloak stops with the JVM.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "quarkus.oidc.auth-server-url", Keycloak.shared().issuer().toString(),
                "quarkus.oidc.discovery-enabled", "true",
                "quarkus.oidc.public-key", "");
    }

    @Override
    public void stop() {
        // shared across test classes; the launcher's shutdown hook stops it
    }
}
