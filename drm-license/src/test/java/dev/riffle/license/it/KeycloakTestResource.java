package dev.riffle.license.it;

import dev.riffle.testkit.Keycloak;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points quarkus-oidc at the real Keycloak (testkit launcher, once per JVM).
 * Keycloak stops with the JVM.
 */
public class KeycloakTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        Keycloak kc = Keycloak.shared();
        return Map.of("quarkus.oidc.auth-server-url", kc.issuer().toString());
    }

    @Override
    public void stop() {
        // shared across test classes; the launcher's shutdown hook stops it
    }
}
