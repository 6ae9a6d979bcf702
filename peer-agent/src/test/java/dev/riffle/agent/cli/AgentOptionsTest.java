package dev.riffle.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    private static final Path HOME = Path.of("/home/u");

    private static AgentOptions parse(String... args) {
        return AgentOptions.parse(List.of(args), HOME).orElseThrow();
    }

    @Test
    void everyFlagOfTheIssueIsUnderstood() {
        var o = parse(
                "--origin",
                "http://127.0.0.1:9081",
                "--license",
                "http://127.0.0.1:9082",
                "--tracker",
                "http://127.0.0.1:9083",
                "--title",
                "bbb",
                "--cache-dir",
                "/tmp/c",
                "--cache-size",
                "2G",
                "--upload-cap",
                "2M",
                "--port",
                "8091",
                "--token-file",
                "/tmp/t",
                "--report-file",
                "/tmp/r.json");
        assertThat(o.origin()).isEqualTo(URI.create("http://127.0.0.1:9081"));
        assertThat(o.tracker()).contains(URI.create("http://127.0.0.1:9083"));
        assertThat(o.title()).contains("bbb");
        assertThat(o.cacheDir()).isEqualTo(Path.of("/tmp/c"));
        assertThat(o.cacheBytes()).isEqualTo(2L << 30);
        assertThat(o.uploadBytesPerSec()).isEqualTo(2L << 20);
        assertThat(o.port()).isEqualTo(8091);
        assertThat(o.tokenFile()).contains(Path.of("/tmp/t"));
        assertThat(o.reportFile()).contains(Path.of("/tmp/r.json"));
    }

    @Test
    void defaultsFollowTheArchitecturePorts() {
        var o = parse();
        assertThat(o.origin()).isEqualTo(URI.create("http://127.0.0.1:8081/"));
        assertThat(o.license()).isEqualTo(URI.create("http://127.0.0.1:8082/"));
        assertThat(o.port()).isEqualTo(8090);
        assertThat(o.cacheDir()).isEqualTo(HOME.resolve(".riffle/agent-cache"));
        assertThat(o.uploadBytesPerSec()).isZero();
        assertThat(o.tracker()).isEmpty();
        assertThat(o.reportFile()).isEmpty();
    }

    @Test
    void edgesAreKeptInTheGivenOrderAndCheckedAsUrls() {
        var o = parse("--edge", "http://127.0.0.1:9091", "--edge", "https://edge-2.example/cdn/");
        assertThat(o.edges())
                .containsExactly(URI.create("http://127.0.0.1:9091/"), URI.create("https://edge-2.example/cdn/"));
        assertThat(parse().edges()).as("default: the origin").isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("--edge", "ftp://x/"))
                .isInstanceOf(AgentOptions.BadFlags.class)
                .hasMessageContaining("--edge");
    }

    @Test
    void helpIsNotAConfiguration() {
        assertThat(AgentOptions.parse(List.of("--port", "1", "--help"), HOME)).isEmpty();
        assertThat(AgentOptions.USAGE).contains("--tracker=URL", "--upload-cap=N", "./riffle agent login");
    }

    @Test
    void equalsFormAndSizesWithUnits() {
        assertThat(parse("--cache-size=500M").cacheBytes()).isEqualTo(500L << 20);
        assertThat(parse("--cache-size", "1500").cacheBytes()).isEqualTo(1500);
        assertThat(parse("--upload-cap", "64kb").uploadBytesPerSec()).isEqualTo(64L << 10);
    }

    @Test
    void badFlagsSayWhatIsWrong() {
        assertThatThrownBy(() -> parse("--colour", "red"))
                .hasMessageContaining("Unknown option")
                .hasMessageContaining("'--colour'");
        assertThatThrownBy(() -> parse("--port"))
                .hasMessageContaining("Missing required parameter for option '--port'");
        assertThatThrownBy(() -> parse("--port", "1", "--port", "2")).hasMessageContaining("only once");
        assertThatThrownBy(() -> parse("--port", "70000")).hasMessageContaining("0..65535");
        assertThatThrownBy(() -> parse("--cache-size", "lots")).hasMessageContaining("size");
        assertThatThrownBy(() -> parse("--cache-size", "0")).hasMessageContaining("positive");
        assertThatThrownBy(() -> parse("--origin", "ftp://x")).hasMessageContaining("http");
    }

    @Test
    void iceServersByFlagGroupTurnUrlsWithTheirCredentialsAndRelayOnlyIsAFlag() {
        var o = parse(
                "--ice-server",
                "stun:10.0.0.1:3478",
                "--ice-server",
                "turn:10.0.0.1:3478?transport=udp",
                "--ice-server",
                "turns:10.0.0.1:5349",
                "--turn-username",
                "u",
                "--turn-credential",
                "p",
                "--relay-only");
        assertThat(o.relayOnly()).isTrue();
        assertThat(o.iceServers()).hasSize(2);
        assertThat(o.iceServers().get(0).urls()).containsExactly("stun:10.0.0.1:3478");
        assertThat(o.iceServers().get(0).username()).isEmpty();
        assertThat(o.iceServers().get(1).urls())
                .containsExactly("turn:10.0.0.1:3478?transport=udp", "turns:10.0.0.1:5349");
        assertThat(o.iceServers().get(1).username()).contains("u");
        assertThat(o.iceServers().get(1).credential()).contains("p");
        assertThat(o.iceServers().get(1).toString()).doesNotContain("p]").contains("as u");
        assertThat(parse().iceServers()).isEmpty();
        assertThat(parse().relayOnly()).isFalse();
    }

    @Test
    void aTurnServerWithoutCredentialsOrAnUnknownSchemeIsABadFlag() {
        assertThatThrownBy(() -> parse("--ice-server", "turn:10.0.0.1:3478"))
                .isInstanceOf(AgentOptions.BadFlags.class)
                .hasMessageContaining("--turn-username");
        assertThatThrownBy(() -> parse("--ice-server", "http://10.0.0.1"))
                .isInstanceOf(AgentOptions.BadFlags.class)
                .hasMessageContaining("stun: or turn:");
        assertThatThrownBy(() -> parse("--ice-server", "stun:10.0.0.1", "--turn-username", "u"))
                .isInstanceOf(AgentOptions.BadFlags.class);
    }
}
