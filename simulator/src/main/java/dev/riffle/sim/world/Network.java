package dev.riffle.sim.world;

import dev.riffle.sim.scenario.Scenario;

/** Round trips between viewers and to the edge, and which NAT pairs can open a data channel. */
final class Network {
    static final int OPEN = 0, CONE = 1, PORT_RESTRICTED = 2, SYMMETRIC = 3;

    private final Scenario.Latency latency;

    Network(Scenario.Latency latency) {
        this.latency = latency;
    }

    int rtt(Viewer a, Viewer b) {
        if (!a.locality.region().equals(b.locality.region())) return latency.crossRegionMillis();
        return a.locality.asn() == b.locality.asn() ? latency.sameIspMillis() : latency.crossIspMillis();
    }

    int cdnRtt() {
        return latency.cdnMillis();
    }

    /** As the tracker's {@code Locality.sameIspAndRegion}, precomputed per ISP ({@link Viewer#ispRegionClass}). */
    static boolean sameIsp(Viewer a, Viewer b) {
        return a.ispRegionClass >= 0 && a.ispRegionClass == b.ispRegionClass;
    }

    /**
     * STUN-only ICE (no TURN relay, as the agent is configured by default): a symmetric NAT maps each destination to a
     * new port, so its peer's hole punch only works when that peer accepts from any port (open or
     * address-restricted cone). Symmetric to symmetric and symmetric to port-restricted fail (RFC 4787, RFC 5128 §3.3).
     */
    static boolean canConnect(Viewer a, Viewer b) {
        int x = Math.max(a.nat, b.nat), y = Math.min(a.nat, b.nat);
        return !(x == SYMMETRIC && y >= PORT_RESTRICTED);
    }

    /**
     * Time from the tracker's answer to an open data channel: the offer and answer through the tracker (a round trip to
     * it each way), then ICE connectivity checks and the DTLS and SCTP handshakes (about four round trips between the
     * two).
     */
    int handshakeMillis(Viewer a, Viewer b) {
        return 2 * latency.cdnMillis() + 4 * rtt(a, b);
    }
}
