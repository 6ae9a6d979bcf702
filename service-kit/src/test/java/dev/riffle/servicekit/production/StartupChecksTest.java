package dev.riffle.servicekit.production;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartupChecksTest {
    @Test
    void theDevelopmentIssuerIsRecognisedWhereverItRuns() {
        assertThat(StartupChecks.developmentIssuer("http://127.0.0.1:8082/dev-idp"))
                .isTrue();
        assertThat(StartupChecks.developmentIssuer("https://license.example.com/dev-idp/"))
                .isTrue();
        assertThat(StartupChecks.developmentIssuer("https://id.example.com/realms/riffle"))
                .isFalse();
        assertThat(StartupChecks.developmentIssuer("")).isFalse();
        assertThat(StartupChecks.developmentIssuer(null)).isFalse();
    }

    @Test
    void everyViolationIsNamedInOneRefusal() {
        StartupChecks checks = new StartupChecks("tracker-service")
                .issuer("quarkus.oidc.auth-server-url", "http://127.0.0.1:8082/dev-idp")
                .refuseIf(true, "riffle.tracker.store.kind=memory")
                .refuseIf(false, "never shown");
        assertThatThrownBy(checks::enforce)
                .hasMessageStartingWith("tracker-service refuses to start in the production profile: ")
                .hasMessageContaining("quarkus.oidc.auth-server-url=http://127.0.0.1:8082/dev-idp")
                .hasMessageContaining("riffle.tracker.store.kind=memory")
                .hasMessageNotContaining("never shown");
        new StartupChecks("x").refuseIf(false, "fine").enforce();
    }
}
