package dev.riffle.e2e.netlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetlabTopologyTest {
    private final NetlabTopology t =
            NetlabTopology.of("ab12", 3, List.of(NatType.CONE, NatType.SYMMETRIC), 2, 4_000, 40_000);

    @Test
    void ispsTakeTheNatTypesInTurnAndSplitIntoTwoRegions() {
        assertThat(t.isps())
                .extracting(NetlabTopology.Isp::nat)
                .containsExactly(NatType.CONE, NatType.SYMMETRIC, NatType.CONE);
        assertThat(t.isps()).extracting(NetlabTopology.Isp::region).containsExactly("IDF", "IDF", "BE");
        assertThat(t.localityOverrides())
                .containsExactly(
                        "10.200.0.11/32=64501/FR/IDF", "10.200.0.12/32=64502/FR/IDF", "10.200.0.13/32=64503/DE/BE");
    }

    @Test
    void everyViewerHasItsOwnNamespaceAndAnAddressInItsIspsSubnet() {
        assertThat(t.viewers()).hasSize(6);
        var v = t.viewers().get(3);
        assertThat(v.name()).isEqualTo("isp2-v2");
        assertThat(v.namespace()).isEqualTo("rlab12-2v2");
        assertThat(v.address()).isEqualTo("10.102.0.12");
        assertThat(t.ispOf(v.address())).isEqualTo(v.isp());
        assertThat(t.ispOf("10.200.0.13")).isEqualTo(t.isps().get(2));
        assertThat(t.ispOf("10.200.0.1")).isNull();
        assertThat(t.namespaces()).hasSize(1 + 3 + 6).first().isEqualTo("rlab12-pub");
        assertThat(t.namespaces()).allMatch(n -> n.startsWith("rlab12-"));
    }

    @Test
    void theSetupMasqueradesEachIspWithItsNatTypeAndShapesBothDirections() {
        List<String> lines = t.setup().stream().map(c -> String.join(" ", c)).toList();
        assertThat(lines)
                .contains(
                        "ip netns exec rlab12-isp1 nft add rule ip riffle_nat postrouting oifname \"wan\" masquerade",
                        "ip netns exec rlab12-isp2 nft add rule ip riffle_nat postrouting oifname \"wan\" masquerade fully-random",
                        "tc -n rlab12-1v1 qdisc add dev eth0 root tbf rate 4000kbit burst 5000 latency 400ms",
                        "tc -n rlab12-isp1 qdisc add dev tov1 root tbf rate 40000kbit burst 50000 latency 400ms",
                        "ip -n rlab12-2v1 route add default via 10.102.0.1");
        // Namespaces exist before anything is put in them.
        assertThat(lines.indexOf("ip netns add rlab12-1v1"))
                .isLessThan(lines.indexOf("ip -n rlab12-1v1 addr add 10.101.0.11/24 dev eth0"));
    }

    @Test
    void interfaceNamesFitTheKernelsFifteenCharacters() {
        for (List<String> c : t.setup()) {
            for (int i = 0; i + 1 < c.size(); i++) {
                if (List.of("add", "dev", "name", "master").contains(c.get(i))
                        && c.get(0).equals("ip")
                        && c.contains("link")) {
                    assertThat(c.get(i + 1).length()).as(String.join(" ", c)).isLessThanOrEqualTo(15);
                }
            }
        }
    }

    @Test
    void teardownDeletesEveryNamespaceViewersFirst() {
        var lines = t.teardown().stream().map(c -> String.join(" ", c)).toList();
        assertThat(lines).hasSize(10).last().isEqualTo("ip netns del rlab12-pub");
    }

    @Test
    void badShapesAreRefused() {
        assertThatThrownBy(() -> NetlabTopology.of("AB", 1, List.of(NatType.CONE), 1, 100, 100))
                .hasMessageContaining("runId");
        assertThatThrownBy(() -> NetlabTopology.of("ab", 10, List.of(NatType.CONE), 1, 100, 100))
                .hasMessageContaining("isps");
        assertThatThrownBy(() -> NetlabTopology.of("ab", 1, List.of(), 1, 100, 100))
                .hasMessageContaining("NAT");
    }
}
