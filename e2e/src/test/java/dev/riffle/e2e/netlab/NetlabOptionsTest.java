package dev.riffle.e2e.netlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetlabOptionsTest {
    private static NetlabOptions parse(String... args) {
        return NetlabOptions.parse(List.of(args), Path.of("/tmp/w"), "r1").orElseThrow();
    }

    @Test
    void defaultsAreThreeIspsOfFiveWithOneSymmetricNat() {
        var o = parse();
        assertThat(o.isps()).isEqualTo(3);
        assertThat(o.viewersPerIsp()).isEqualTo(5);
        assertThat(o.nats()).containsExactly(NatType.CONE, NatType.SYMMETRIC, NatType.CONE);
        assertThat(o.matching()).isTrue();
        assertThat(o.relayOnly()).isFalse();
        assertThat(o.uplinkKbps() * 10).isEqualTo(o.downlinkKbps());
        assertThat(o.workDir()).isEqualTo(Path.of("/tmp/w"));
    }

    @Test
    void theRunInsideTheNetworkGetsTheSameOptionsBack() {
        var o = parse(
                "--isps", "2", "--nat", "symmetric", "--relay-only", "--matching", "off", "--json", "/tmp/o.json");
        var again = NetlabOptions.parse(o.asArgs(), Path.of("/elsewhere"), "zz").orElseThrow();
        assertThat(again).isEqualTo(o);
    }

    @Test
    void badFlagsSayWhich() {
        assertThatThrownBy(() -> parse("--isps", "0")).hasMessageContaining("--isps");
        assertThatThrownBy(() -> parse("--nat", "cone,full")).hasMessageContaining("--nat");
        assertThatThrownBy(() -> parse("--matching", "maybe")).hasMessageContaining("--matching");
        assertThatThrownBy(() -> parse("--run-id", "Bad!")).hasMessageContaining("--run-id");
        assertThatThrownBy(() -> parse("--seconds", "5")).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> parse("--viewers-per-isp", "2", "--polluters", "2"))
                .hasMessageContaining("--polluters");
        assertThatThrownBy(() -> parse("--viewers-per-isp", "x")).isInstanceOf(NetlabOptions.BadFlags.class);
    }

    @Test
    void helpIsNotARun() {
        assertThat(NetlabOptions.parse(List.of("--help"), Path.of("/tmp"), "r")).isEmpty();
    }
}
