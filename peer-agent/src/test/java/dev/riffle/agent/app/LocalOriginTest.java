package dev.riffle.agent.app;

import static dev.riffle.agent.app.LocalOrigin.Verdict.ALLOWED;
import static dev.riffle.agent.app.LocalOrigin.Verdict.FOREIGN_HOST;
import static dev.riffle.agent.app.LocalOrigin.Verdict.FOREIGN_ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LocalOriginTest {
    private final LocalOrigin policy = new LocalOrigin(8090);

    @Test
    void theAgentsOwnPageMayReadAndChangeState() {
        assertThat(policy.check("GET", "127.0.0.1:8090", null)).isEqualTo(ALLOWED);
        assertThat(policy.check("POST", "127.0.0.1:8090", "http://127.0.0.1:8090"))
                .isEqualTo(ALLOWED);
        assertThat(policy.check("DELETE", "localhost:8090", "http://localhost:8090"))
                .isEqualTo(ALLOWED);
        assertThat(policy.check("put", "LOCALHOST:8090", "HTTP://LOCALHOST:8090"))
                .isEqualTo(ALLOWED);
    }

    @Test
    void anotherSitesPageCannotChangeState() {
        assertThat(policy.check("POST", "127.0.0.1:8090", "https://evil.example"))
                .isEqualTo(FOREIGN_ORIGIN);
        assertThat(policy.check("DELETE", "127.0.0.1:8090", "null")).isEqualTo(FOREIGN_ORIGIN);
        // the agent on another port is another origin too
        assertThat(policy.check("PUT", "127.0.0.1:8090", "http://127.0.0.1:8091"))
                .isEqualTo(FOREIGN_ORIGIN);
        assertThat(policy.check("POST", "127.0.0.1:8090", "https://127.0.0.1:8090"))
                .isEqualTo(FOREIGN_ORIGIN);
    }

    @Test
    void aStateChangeWithoutAnOriginIsRefused() {
        assertThat(policy.check("POST", "127.0.0.1:8090", null)).isEqualTo(FOREIGN_ORIGIN);
        assertThat(policy.check("PATCH", "127.0.0.1:8090", null)).isEqualTo(FOREIGN_ORIGIN);
    }

    @Test
    void aRebindedNameIsRefusedEvenForReads() {
        assertThat(policy.check("GET", "evil.example:8090", null)).isEqualTo(FOREIGN_HOST);
        assertThat(policy.check("POST", "evil.example:8090", "http://evil.example:8090"))
                .isEqualTo(FOREIGN_HOST);
        assertThat(policy.check("GET", null, null)).isEqualTo(FOREIGN_HOST);
        assertThat(policy.check("GET", "127.0.0.1", null)).isEqualTo(FOREIGN_HOST);
        assertThat(policy.check("GET", "127.0.0.1:80", null)).isEqualTo(FOREIGN_HOST);
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> new LocalOrigin(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
