package dev.riffle.agent.testing;

import dev.riffle.testkit.QuarkusApp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged tracker-service for the agent's ITs: in-memory swarms, tokens from the given drm-license's issuer, and no
 * check of stats against license sessions (the ITs' agents take their keys from a stand-in, so they hold none).
 */
public final class TestTracker {
    private TestTracker() {}

    /** Starts it in {@code work} with {@code more} configuration on top; waits until it answers. */
    public static QuarkusApp start(Path work, LicenseServer license, Map<String, String> more) {
        Path jar = Path.of(
                System.getProperty("riffle.it.tracker-jar", "../tracker-service/target/quarkus-app/quarkus-run.jar"));
        return QuarkusApp.builder("tracker-service", jar)
                .workDir(work)
                .log(work.resolve("tracker.log"))
                .property("quarkus.oidc.auth-server-url", license.issuer().toString())
                .property("riffle.tracker.store.kind", "memory")
                .property("riffle.tracker.stats.require-license-session", "false")
                .properties(more)
                .readyPath("/v1/stats")
                .readyTimeout(Duration.ofSeconds(90))
                .start();
    }
}
