package dev.riffle.e2e.netlab;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a test-network run measured, computed from the agents' reports (pure).
 *
 * @param intraIspShare segment bytes subscribers sent each other inside an ISP over all they sent each other (counted
 *     once, at the receiver; transfers cut short included)
 * @param interIspBytes segment bytes that crossed from one ISP to another
 * @param p2pWireBytes what the peer connections carried in all (DTLS, SCTP framing and retransmissions included), against
 *     {@code intraIspBytes + interIspBytes} of segment bytes
 * @param offloadRatio segment bytes from peers over all segment bytes
 * @param stalls segments the players got late, summed over the agents
 * @param relayBytes bytes the TURN server carried between peers (as the connections' candidate pairs counted them)
 * @param natPairs per kind of pair ({@code same-isp}, or the two NAT types across ISPs, e.g. {@code cone/symmetric}):
 *     pairs that tried to connect, pairs that did, and over which kind of candidate
 * @param candidateTypesSeen ICE candidates subscribers received from peers, per type
 * @param honestBans peers the honest subscribers banned for bytes failing the signed hashes
 * @param pollutersHandedOut polluters among the peers the tracker hands a newcomer at the end of the run
 * @param honestHandedOut honest subscribers among them (so the check above saw a real answer)
 * @param viewers one line per subscriber
 *     <p>Shares, offload and stalls are those of the honest subscribers (what they received, from anyone).
 */
public record NetlabFigures(
        double intraIspShare,
        long intraIspBytes,
        long interIspBytes,
        long p2pWireBytes,
        double offloadRatio,
        long stalls,
        long relayBytes,
        Map<String, PairStats> natPairs,
        Map<String, Long> candidateTypesSeen,
        long honestBans,
        int pollutersHandedOut,
        int honestHandedOut,
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
            String viewer,
            String isp,
            String nat,
            boolean polluter,
            double offloadRatio,
            long stalls,
            long startupMillis,
            int peers,
            long bans) {}

    /** What the tracker handed a newcomer at the end: how many polluters and how many honest subscribers. */
    public record HandedOut(int polluters, int honest) {
        public static final HandedOut NOT_ASKED = new HandedOut(0, 0);
    }

    public static NetlabFigures of(List<AgentReport> reports) {
        return of(reports, java.util.Set.of(), HandedOut.NOT_ASKED);
    }

    /** @param polluters names of the subscribers that served corrupted segments */
    public static NetlabFigures of(List<AgentReport> reports, java.util.Set<String> polluters, HandedOut handedOut) {
        Map<String, AgentReport> byPeer = new HashMap<>();
        reports.forEach(r -> byPeer.put(r.peerId(), r));
        long intra = 0, inter = 0, wire = 0, relay = 0, fromPeers = 0, fromCdn = 0, stalls = 0, bans = 0;
        // One entry per unordered pair of subscribers: whether it came up, and over which kind of candidate.
        Map<String, Boolean> pairConnected = new TreeMap<>();
        Map<String, Optional<String>> pairType = new TreeMap<>();
        Map<String, String> pairKind = new TreeMap<>();
        Map<String, Long> seen = new TreeMap<>();
        List<ViewerLine> lines = new java.util.ArrayList<>();
        for (AgentReport r : reports) {
            boolean polluter = polluters.contains(r.viewer().name());
            if (polluter) {
                lines.add(line(r, true, 0));
                continue;
            }
            bans += r.bans();
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
                if (sameIsp) intra += c.payloadReceived();
                else inter += c.payloadReceived();
                wire += c.bytesReceived();
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
            lines.add(line(r, false, peers));
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
                wire,
                all == 0 ? 0 : fromPeers / (double) all,
                stalls,
                relay,
                nat,
                seen,
                bans,
                handedOut.polluters(),
                handedOut.honest(),
                lines);
    }

    private static ViewerLine line(AgentReport r, boolean polluter, int peers) {
        long all = r.bytesFromPeers() + r.bytesFromCdn();
        return new ViewerLine(
                r.viewer().name(),
                r.viewer().isp().name(),
                r.viewer().isp().nat().flag(),
                polluter,
                all == 0 ? 0 : r.bytesFromPeers() / (double) all,
                r.stalls(),
                r.startupMillis(),
                peers,
                r.bans());
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
