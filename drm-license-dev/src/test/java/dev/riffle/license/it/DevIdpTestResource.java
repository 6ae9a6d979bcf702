package dev.riffle.license.it;

import dev.riffle.testkit.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Runs the app on a known free port so quarkus-oidc can discover the built-in issuer of the app itself. */
public class DevIdpTestResource implements QuarkusTestResourceLifecycleManager {
    static volatile int port;

    @Override
    public Map<String, String> start() {
        port = FreePorts.pick();
        return Map.of(
                "quarkus.http.test-port",
                Integer.toString(port),
                "quarkus.oidc.auth-server-url",
                "http://127.0.0.1:" + port + "/dev-idp",
                "riffle.license.dev-idp.enabled",
                "true");
    }

    @Override
    public void stop() {}
}
