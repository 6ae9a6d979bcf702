package dev.riffle.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SelectedPairTest {
    private final Map<String, RTCStats> report = new HashMap<>();

    private void put(String id, RTCStatsType type, Map<String, Object> attributes) {
        report.put(id, new RTCStats(0, type, id, attributes) {});
    }

    private void candidates() {
        put("L1", RTCStatsType.LOCAL_CANDIDATE, Map.of("candidateType", "host"));
        put("L2", RTCStatsType.LOCAL_CANDIDATE, Map.of("candidateType", "relay"));
        put("R1", RTCStatsType.REMOTE_CANDIDATE, Map.of("candidateType", "srflx"));
        put(
                "P1",
                RTCStatsType.CANDIDATE_PAIR,
                Map.of("localCandidateId", "L1", "remoteCandidateId", "R1", "state", "failed", "nominated", false));
        put(
                "P2",
                RTCStatsType.CANDIDATE_PAIR,
                Map.of(
                        "localCandidateId",
                        "L2",
                        "remoteCandidateId",
                        "R1",
                        "state",
                        "succeeded",
                        "nominated",
                        true,
                        "bytesSent",
                        java.math.BigInteger.valueOf(1200),
                        "bytesReceived",
                        34_000L));
    }

    @Test
    void theTransportsSelectedPairNamesItsCandidatesTypesAndBytes() {
        candidates();
        put("T", RTCStatsType.TRANSPORT, Map.of("selectedCandidatePairId", "P2"));
        var pair = SelectedPair.of(report).orElseThrow();
        assertThat(pair).isEqualTo(new SelectedPair("relay", "srflx", 1200, 34_000));
        assertThat(pair.relayed()).isTrue();
    }

    @Test
    void withoutATransportEntryTheNominatedSucceededPairCounts() {
        candidates();
        assertThat(SelectedPair.of(report)).map(SelectedPair::localType).contains("relay");
    }

    @Test
    void aConnectionStillCheckingHasNoPair() {
        put("L1", RTCStatsType.LOCAL_CANDIDATE, Map.of("candidateType", "host"));
        put(
                "P1",
                RTCStatsType.CANDIDATE_PAIR,
                Map.of(
                        "localCandidateId",
                        "L1",
                        "remoteCandidateId",
                        "R9",
                        "state",
                        "in-progress",
                        "nominated",
                        false));
        put("T", RTCStatsType.TRANSPORT, new HashMap<>());
        assertThat(SelectedPair.of(report)).isEmpty();
    }

    @Test
    void aPairWhoseCandidateIsMissingFromTheReportIsNotGuessed() {
        put("T", RTCStatsType.TRANSPORT, Map.of("selectedCandidatePairId", "P1"));
        put(
                "P1",
                RTCStatsType.CANDIDATE_PAIR,
                Map.of("localCandidateId", "L1", "remoteCandidateId", "R1", "state", "succeeded", "nominated", true));
        assertThat(SelectedPair.of(report)).isEmpty();
    }

    @Test
    void hostToHostIsNotRelayed() {
        assertThat(new SelectedPair("host", "host", 0, 0).relayed()).isFalse();
    }
}
