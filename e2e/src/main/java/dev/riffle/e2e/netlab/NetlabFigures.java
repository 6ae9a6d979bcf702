package dev.riffle.e2e.netlab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a test-network run measured, computed from the agents' reports (pure).
 *
 * @param intraIspShare P2P bytes between subscribers of the same ISP over all P2P bytes (bytes over each connection's
 *     selected candidate pair, counted once, at the receiver)
 * @param interIspBytes P2P bytes that crossed from one ISP to another
 * @param offloadRatio segment bytes from peers over all segment bytes
 * @param stalls segments the players got late, summed over the agents
 * @param relayBytes P2P bytes carried by the TURN server
 * @param natPairs per kind of pair ({@code same-isp}, or the two NAT types across ISPs, e.g. {@code cone/symmetric}):
 *     pairs that tried to connect, pairs that did, and over which kind of candidate
 * @param candidateTypesSeen ICE candidates subscribers received from peers, per type
 * @param viewers one line per subscriber
 */
public record NetlabFigures(
        double intraIspShare,
        long intraIspBytes,
        long interIspBytes,
        double offloadRatio,
        long stalls,
        long relayBytes,
        Map<String, PairStats> natPairs,
        Map<String, Long> candidateTypesSeen,
        List<ViewerLine> viewers) {

    /** Pairs of subscribers of one kind: attempted, connected, and the candidate type of the connected ones. */
    public record PairStats(int attempted, int connected, int host, int srflx, int relay) {
        PairStats plus(boolean ok, Optional<String> type) {
            String t = type.orElse("");
            return new PairStats(
                    attempted + 1,
                    connected + (ok ? 1 : 0),
                    host + (ok && t.equals("host") ? 1 : 0),
                    srflx + (ok && t.equals("srflx") ? 1 : 0),
                    relay + (ok && t.equals("relay") ? 1 : 0));
        }
    }

    public record ViewerLine(
            String viewer, String isp, String nat, double offloadRatio, long stalls, long startupMillis, int peers) {}

    public static NetlabFigures of(List<AgentReport> reports) {
        Map<String, AgentReport> byPeer = new HashMap<>();
        reports.forEach(r -> byPeer.put(r.peerId(), r));
        long intra = 0, inter = 0, relay = 0, fromPeers = 0, fromCdn = 0, stalls = 0;
        // One entry per unordered pair of subscribers: whether it came up, and over which kind of candidate.
        Map<String, Boolean> pairConnected = new TreeMap<>();
        Map<String, Optional<String>> pairType = new TreeMap<>();
        Map<String, String> pairKind = new TreeMap<>();
        Map<String, Long> seen = new TreeMap<>();
        List<ViewerLine> lines = new java.util.ArrayList<>();
        for (AgentReport r : reports) {
            fromPeers += r.bytesFromPeers();
            fromCdn += r.bytesFromCdn();
            stalls += r.stalls();
            r.remoteCandidateTypes().forEach((k, v) -> seen.merge(k, v, Long::sum));
            int peers = 0;
            for (AgentReport.Connection c : r.connections()) {
                AgentReport other = byPeer.get(c.peer());
                if (other == null) continue; // not one of this run's subscribers
                if (c.connected()) peers++;
                boolean sameIsp = other.viewer().isp().equals(r.viewer().isp());
                if (sameIsp) intra += c.bytesReceived();
                else inter += c.bytesReceived();
                Optional<String> type = pairType(c);
                if (type.filter("relay"::equals).isPresent()) relay += c.bytesReceived();
                String a = r.viewer().name(), b = other.viewer().name();
                String key = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
                pairKind.put(
                        key,
                        sameIsp
                                ? "same-isp"
                                : natKind(
                                        r.viewer().isp().nat(),
                                        other.viewer().isp().nat()));
                pairConnected.merge(key, c.connected(), Boolean::logicalOr);
                if (type.isPresent()) pairType.put(key, type);
                else pairType.putIfAbsent(key, Optional.empty());
            }
            long all = r.bytesFromPeers() + r.bytesFromCdn();
            lines.add(new ViewerLine(
                    r.viewer().name(),
                    r.viewer().isp().name(),
                    r.viewer().isp().nat().flag(),
                    all == 0 ? 0 : r.bytesFromPeers() / (double) all,
                    r.stalls(),
                    r.startupMillis(),
                    peers));
        }
        Map<String, PairStats> nat = new TreeMap<>();
        for (var e : pairKind.entrySet()) {
            nat.merge(
                    e.getValue(),
                    new PairStats(0, 0, 0, 0, 0).plus(pairConnected.get(e.getKey()), pairType.get(e.getKey())),
                    (x, y) -> new PairStats(
                            x.attempted() + y.attempted(),
                            x.connected() + y.connected(),
                            x.host() + y.host(),
                            x.srflx() + y.srflx(),
                            x.relay() + y.relay()));
        }
        long p2p = intra + inter;
        long all = fromPeers + fromCdn;
        return new NetlabFigures(
                p2p == 0 ? 0 : intra / (double) p2p,
                intra,
                inter,
                all == 0 ? 0 : fromPeers / (double) all,
                stalls,
                relay,
                nat,
                seen,
                lines);
    }

    /** relay if TURN carries either end; srflx (or prflx) if a NAT mapping does; host if the two meet directly. */
    static Optional<String> pairType(AgentReport.Connection c) {
        if (c.localType().isEmpty() || c.remoteType().isEmpty()) return Optional.empty();
        String l = c.localType().get(), r = c.remoteType().get();
        if (l.equals("relay") || r.equals("relay")) return Optional.of("relay");
        if (l.endsWith("srflx") || r.endsWith("srflx")) return Optional.of("srflx");
        if (l.equals("prflx") || r.equals("prflx")) return Optional.of("srflx");
        return Optional.of("host");
    }

    private static String natKind(NatType a, NatType b) {
        return a.compareTo(b) <= 0 ? a.flag() + "/" + b.flag() : b.flag() + "/" + a.flag();
    }
}
