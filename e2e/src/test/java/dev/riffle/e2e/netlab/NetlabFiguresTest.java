package dev.riffle.e2e.netlab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.riffle.e2e.netlab.AgentReport.Connection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NetlabFiguresTest {
    private final NetlabTopology t =
            NetlabTopology.of("t", 2, List.of(NatType.CONE, NatType.SYMMETRIC), 2, 4_000, 40_000);
    private final List<NetlabTopology.Viewer> v = t.viewers(); // isp1-v1, isp1-v2, isp2-v1, isp2-v2

    private static Connection up(String peer, long received, String local, String remote) {
        // the wire carries 10 % more than the segment bytes
        return new Connection(peer, 1, true, received * 11 / 10, 0, received, Optional.of(local), Optional.of(remote));
    }

    private static Connection failed(String peer) {
        return new Connection(peer, 2, false, 0, 0, 0, Optional.empty(), Optional.empty());
    }

    private AgentReport report(int i, long peers, long cdn, List<Connection> c) {
        return new AgentReport(
                v.get(i), "p" + i, peers, cdn, 0, i == 3 ? 2 : 0, 400, i, List.of("s1"), Map.of("host", 1L), c);
    }

    @Test
    void sharesOffloadRelayAndNatPairsComeFromBothEndsReports() {
        var reports = List.of(
                report(0, 0, 1_000, List.of(up("p1", 10, "host", "host"), failed("p2"))),
                report(1, 900, 100, List.of(up("p0", 800, "host", "host"), up("p3", 100, "relay", "srflx"))),
                report(2, 500, 500, List.of(failed("p0"), up("p3", 500, "host", "prflx"))),
                report(3, 0, 1_000, List.of(up("p1", 0, "srflx", "relay"), up("p9", 77, "host", "host"))));
        var f = NetlabFigures.of(reports);
        // p9 is no subscriber of this run: its bytes count nowhere.
        assertThat(f.intraIspBytes()).isEqualTo(10 + 800 + 500);
        assertThat(f.interIspBytes()).isEqualTo(100);
        assertThat(f.intraIspShare()).isCloseTo(1310 / 1410.0, within(1e-9));
        assertThat(f.relayBytes()).isEqualTo(110);
        assertThat(f.p2pWireBytes()).isEqualTo((10 + 800 + 100 + 500 + 0) * 11 / 10);
        assertThat(f.offloadRatio()).isCloseTo(1400 / 4000.0, within(1e-9));
        assertThat(f.stalls()).isEqualTo(2);
        // same ISP: (0,1) host and (2,3) "host"+"prflx", counted as reflexive; across: (0,2) never up, (1,3) relayed.
        assertThat(f.natPairs())
                .containsEntry("same-isp", new NetlabFigures.PairStats(2, 2, 1, 1, 0))
                .containsEntry("cone/symmetric", new NetlabFigures.PairStats(2, 1, 0, 0, 1));
        assertThat(f.candidateTypesSeen()).containsEntry("host", 4L);
        assertThat(f.viewers().get(1).offloadRatio()).isCloseTo(0.9, within(1e-9));
        assertThat(f.viewers().get(0).peers()).isEqualTo(1);
    }

    @Test
    void noTrafficGivesZeroesNotNaN() {
        var f = NetlabFigures.of(List.of(report(0, 0, 0, List.of())));
        assertThat(f.intraIspShare()).isZero();
        assertThat(f.offloadRatio()).isZero();
        assertThat(f.natPairs()).isEmpty();
    }

    @Test
    void aPairSeenFromBothSidesCountsOnceAndIsUpIfEitherSideSaysSo() {
        var f = NetlabFigures.of(List.of(
                report(0, 0, 1, List.of(failed("p2"))), report(2, 0, 1, List.of(up("p0", 5, "relay", "relay")))));
        assertThat(f.natPairs()).containsEntry("cone/symmetric", new NetlabFigures.PairStats(1, 1, 0, 0, 1));
    }

    @Test
    void aPollutersOwnReportCountsForNothingButItsLine() {
        var reports = List.of(
                report(0, 0, 1_000, List.of()), // the polluter: all its bytes came from the CDN
                report(1, 500, 500, List.of(up("p0", 300, "host", "host"))));
        var f = NetlabFigures.of(reports, java.util.Set.of("isp1-v1"), new NetlabFigures.HandedOut(0, 3));
        assertThat(f.offloadRatio()).isCloseTo(0.5, within(1e-9));
        assertThat(f.honestBans()).isEqualTo(1); // report(1) banned 1
        assertThat(f.intraIspBytes()).isEqualTo(300); // what honest subscribers received, from anyone
        assertThat(f.pollutersHandedOut()).isZero();
        assertThat(f.honestHandedOut()).isEqualTo(3);
        assertThat(f.viewers().get(0).polluter()).isTrue();
        assertThat(f.viewers().get(1).polluter()).isFalse();
    }
}
