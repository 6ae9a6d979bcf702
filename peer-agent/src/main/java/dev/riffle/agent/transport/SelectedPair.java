package dev.riffle.agent.transport;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsType;
import java.util.Map;
import java.util.Optional;

/**
 * The candidate pair ICE chose for a connection, read from a stats report: which kinds of address carry it (host,
 * srflx, prflx, relay at each end) and the bytes it moved. A relay at either end means a TURN server carries the bytes.
 *
 * @param localType our candidate's type
 * @param remoteType the peer's candidate's type
 * @param bytesSent bytes sent over the pair (DTLS/SCTP framing included)
 * @param bytesReceived bytes received over the pair
 */
public record SelectedPair(String localType, String remoteType, long bytesSent, long bytesReceived) {

    /** Whether a TURN relay carries this pair. */
    public boolean relayed() {
        return localType.equals("relay") || remoteType.equals("relay");
    }

    /**
     * The pair the transport selected (its {@code selectedCandidatePairId}), else a nominated pair that succeeded;
     * empty while none is (ICE still checking, or the report is from a failed connection).
     */
    public static Optional<SelectedPair> of(Map<String, RTCStats> report) {
        RTCStats pair = null;
        for (RTCStats s : report.values()) {
            if (s.getType() != RTCStatsType.TRANSPORT) continue;
            Object id = s.getAttributes().get("selectedCandidatePairId");
            if (id != null) pair = report.get(id.toString());
        }
        if (pair == null) {
            for (RTCStats s : report.values()) {
                if (s.getType() == RTCStatsType.CANDIDATE_PAIR
                        && Boolean.TRUE.equals(s.getAttributes().get("nominated"))
                        && "succeeded".equals(String.valueOf(s.getAttributes().get("state")))) {
                    pair = s;
                }
            }
        }
        if (pair == null || pair.getType() != RTCStatsType.CANDIDATE_PAIR) return Optional.empty();
        Map<String, Object> a = pair.getAttributes();
        String local = candidateType(report, a.get("localCandidateId"));
        String remote = candidateType(report, a.get("remoteCandidateId"));
        if (local == null || remote == null) return Optional.empty();
        return Optional.of(new SelectedPair(local, remote, number(a.get("bytesSent")), number(a.get("bytesReceived"))));
    }

    private static String candidateType(Map<String, RTCStats> report, Object id) {
        if (id == null) return null;
        RTCStats c = report.get(id.toString());
        if (c == null) return null;
        Object type = c.getAttributes().get("candidateType");
        return type == null ? null : type.toString();
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
