package dev.riffle.tracker.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.QuarkusApp;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The packaged tracker in the {@code production} profile refuses to start with development settings, naming each
 * (real Redis, real Keycloak); before, {@code -Dquarkus.profile=production} still ran swarms in memory behind the
 * development issuer.
 */
class TrackerProductionProfileIT {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Duration REFUSAL = Duration.ofSeconds(90);

    static QuarkusApp.Builder production(String name) {
        Path dir = Path.of("target", "it-production-" + name + "-" + System.nanoTime())
                .toAbsolutePath();
        return QuarkusApp.builder("tracker-service", JAR)
                .workDir(dir)
                .property("quarkus.profile", "production")
                .property("riffle.tracker.store.key-prefix", "riffle-prod-it:" + System.nanoTime() + ":")
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:" + FreePorts.pick() + "/realms/riffle");
    }

    @Test
    void everyDevelopmentDefaultIsNamedInOneRefusal() {
        QuarkusApp.Builder.Refusal r = production("defaults")
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:8082/dev-idp")
                .property("riffle.tracker.store.kind", "memory")
                .property("riffle.tracker.stats.require-license-session", "false")
                .property("riffle.tracker.ice.turn-urls", "turn:127.0.0.1:3478")
                .startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log())
                .contains("tracker-service refuses to start in the production profile")
                .contains("quarkus.oidc.auth-server-url=http://127.0.0.1:8082/dev-idp is the development issuer")
                .contains("riffle.tracker.store.kind=memory")
                .contains("riffle.tracker.stats.require-license-session=false")
                .contains("riffle.tracker.ice.turn-secret: the development default")
                .doesNotContain(dev.riffle.tracker.config.TrackerConfig.Ice.DEV_TURN_SECRET);
    }

    @Test
    void theProductionProfileAloneNoLongerRunsOnTheDevelopmentIssuer() {
        // The profile's own issuer default is Keycloak's; the jar's single-machine default (/dev-idp) is refused.
        QuarkusApp.Builder.Refusal r = production("dev-issuer-default")
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:8082/dev-idp")
                .startExpectingRefusal(REFUSAL);
        assertThat(r.log()).contains("is the development issuer").doesNotContain("store.kind");
    }

    @Test
    void aRealmThatStillHasItsTestUsersIsRefused() {
        QuarkusApp.Builder.Refusal r = production("test-users")
                .property(
                        "quarkus.oidc.auth-server-url",
                        Keycloak.shared().issuer().toString())
                .startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("test user alice").doesNotContain("alice-pass");
    }

    @Test
    void aProperProductionStartIsReadyWithItsSwarmsInRedis() {
        try (QuarkusApp app = production("proper").start()) {
            assertThat(app.logTail(200))
                    .contains("Profile production activated")
                    .contains("swarm store: Redis");
        }
    }
}
