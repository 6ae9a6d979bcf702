package dev.riffle.origin.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.FreePorts;
import dev.riffle.testkit.Keycloak;
import dev.riffle.testkit.QuarkusApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged origin in the {@code production} profile refuses to start with development settings, naming each
 * (real Keycloak for the realm check), and comes up ready when configured properly, its signing keys sealed.
 */
class OriginProductionProfileIT {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    static final Duration REFUSAL = Duration.ofSeconds(90);

    static String kek() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static QuarkusApp.Builder production(String name, Path dir) {
        String nobody = "http://127.0.0.1:" + FreePorts.pick() + "/realms/riffle";
        return QuarkusApp.builder("origin-server", JAR)
                .workDir(dir)
                .property("quarkus.profile", "production")
                .property("riffle.origin.data-dir", dir.resolve("data").toString())
                .property("quarkus.oidc.auth-server-url", nobody)
                .property("quarkus.oidc-client.auth-server-url", nobody)
                .property("quarkus.oidc-client.credentials.secret", "a-secret-from-a-kubernetes-secret");
    }

    static Path dir(String name) {
        return Path.of("target", "it-production-" + name + "-" + System.nanoTime())
                .toAbsolutePath();
    }

    @Test
    void everyDevelopmentDefaultIsNamedInOneRefusal() {
        QuarkusApp.Builder.Refusal r = production("defaults", dir("defaults"))
                .property("quarkus.oidc.auth-server-url", "http://127.0.0.1:8082/dev-idp")
                .property("quarkus.oidc-client.auth-server-url", "http://127.0.0.1:8082/dev-idp")
                .property("quarkus.oidc-client.credentials.secret", "riffle-origin-secret")
                .property("riffle.origin.signing.allow-generated-kek", "true")
                .startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log())
                .contains("origin-server refuses to start in the production profile")
                .contains("quarkus.oidc.auth-server-url=http://127.0.0.1:8082/dev-idp is the development issuer")
                .contains("quarkus.oidc-client.auth-server-url=http://127.0.0.1:8082/dev-idp")
                .contains("published riffle-origin-secret")
                .contains("riffle.origin.signing.kek is not set")
                .contains("riffle.origin.signing.allow-generated-kek=true");
    }

    @Test
    void aRealmThatStillHasItsTestUsersIsRefused() {
        QuarkusApp.Builder.Refusal r = production("test-users", dir("test-users"))
                .property("riffle.origin.signing.kek", kek())
                .property(
                        "quarkus.oidc.auth-server-url",
                        Keycloak.shared().issuer().toString())
                .startExpectingRefusal(REFUSAL);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.log()).contains("test user alice").contains("client riffle-origin with its published secret");
    }

    @Test
    void aProperProductionStartIsReadyWithItsSigningKeysSealed() throws Exception {
        Path dir = dir("proper");
        try (QuarkusApp app = production("proper", dir)
                .property("riffle.origin.signing.kek", kek())
                .start()) {
            assertThat(app.logTail(200)).contains("Profile production activated");
            try (Stream<Path> keys = Files.list(dir.resolve("data/signing-keys"))) {
                assertThat(keys.map(p -> p.getFileName().toString()))
                        .anyMatch(n -> n.endsWith(".sealed"))
                        .noneMatch(n -> n.endsWith(".jwk"));
            }
            assertThat(dir.resolve("data/signing-kek"))
                    .as("no generated KEK in production")
                    .doesNotExist();
        }
    }
}
