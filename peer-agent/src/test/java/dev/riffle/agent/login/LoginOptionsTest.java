package dev.riffle.agent.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginOptionsTest {
    final Path home = Path.of("/home/sam");

    @Test
    void defaults_sign_in_to_the_local_dev_issuer_as_riffle_agent() {
        LoginOptions o = LoginOptions.parse(List.of(), home).orElseThrow();
        assertThat(o.issuer()).isEqualTo(URI.create("http://127.0.0.1:8082/dev-idp"));
        assertThat(o.clientId()).isEqualTo("riffle-agent");
        assertThat(o.configDir()).isEqualTo(Path.of("/home/sam/.riffle/agent"));
    }

    @Test
    void flags_override_and_help_is_empty() {
        LoginOptions o = LoginOptions.parse(
                        List.of("--issuer=http://127.0.0.1:8180/realms/riffle", "--client", "x", "--config-dir", "/c"),
                        home)
                .orElseThrow();
        assertThat(o.issuer().toString()).endsWith("/realms/riffle");
        assertThat(o.clientId()).isEqualTo("x");
        assertThat(o.configDir()).isEqualTo(Path.of("/c"));
        assertThat(LoginOptions.parse(List.of("--help"), home)).isEmpty();
    }

    @Test
    void bad_flags_say_which() {
        assertThatThrownBy(() -> LoginOptions.parse(List.of("--issuer", "ftp://x"), home))
                .hasMessageContaining("--issuer");
        assertThatThrownBy(() -> LoginOptions.parse(List.of("--client", "a b"), home))
                .hasMessageContaining("--client");
        assertThatThrownBy(() -> LoginOptions.parse(List.of("--nope", "1"), home))
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--nope'");
        assertThatThrownBy(() -> LoginOptions.parse(List.of("--issuer"), home))
                .hasMessageContaining("Missing required parameter for option '--issuer'");
    }
}
