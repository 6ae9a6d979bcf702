package dev.riffle.tracker.hostile;

import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.QuarkusApp;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The real drm-license (its packaged production artifact, built before this module, with embedded stores) trusting the
 * real Keycloak, so that the tracker's stats check asks a real license server which titles an account holds sessions
 * for. Override the jar with {@code -Driffle.it.drm-license-prod-jar=...}.
 */
public class DrmLicenseResource implements QuarkusTestResourceLifecycleManager {
    static volatile String url;
    private QuarkusApp app;

    @Override
    public Map<String, String> start() {
        Path jar = Path.of(System.getProperty(
                "riffle.it.drm-license-prod-jar", "../drm-license/target/quarkus-app/quarkus-run.jar"));
        Path dir = Path.of("target", "it-drm-license-" + System.nanoTime()).toAbsolutePath();
        app = QuarkusApp.builder("drm-license", jar)
                .workDir(dir)
                .property(
                        "quarkus.oidc.auth-server-url",
                        Keycloak.shared().issuer().toString())
                .property(
                        "riffle.license.keys.embedded-dir", dir.resolve("data").toString())
                .readyTimeout(Duration.ofSeconds(120))
                .start();
        url = app.url().toString();
        return Map.of("riffle.tracker.stats.license-url", url, "riffle.tracker.stats.require-license-session", "true");
    }

    @Override
    public void stop() {
        if (app != null) app.stop(Duration.ofSeconds(15));
    }
}
