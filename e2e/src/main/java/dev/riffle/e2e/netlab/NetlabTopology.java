package dev.riffle.e2e.netlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The test network as data (pure): a public segment (a bridge in its own namespace, holding the services and the TURN
 * server), and per ISP a router namespace with its subscribers' subnet behind a NAT, each subscriber a namespace of its
 * own. It only describes; {@link Namespaces} runs {@link #setup()} and {@link #teardown()}.
 *
 * <pre>
 *   viewer ns (eth0 10.10k.0.(10+v)) ── router ns: bridge lan 10.10k.0.1 ── NAT ── wan 10.200.0.(10+k)
 *                                                                                       │
 *   public ns: bridge core 10.200.0.1 (origin, license, tracker, coturn) ───────────────┘
 * </pre>
 *
 * Uplinks and downlinks are token buckets (tbf): this kernel has no netem, so no latency is added (see
 * docs/benchmarks.md).
 *
 * @param runId short tag in every namespace name, so a leftover of one run never meets another
 * @param isps the ISPs, in order
 * @param viewersPerIsp subscribers in each ISP
 * @param uplinkKbps each subscriber's upload rate
 * @param downlinkKbps each subscriber's download rate
 */
public record NetlabTopology(String runId, List<Isp> isps, int viewersPerIsp, int uplinkKbps, int downlinkKbps) {
    /** The services' address on the public segment. */
    public static final String PUBLIC_ADDRESS = "10.200.0.1";

    /**
     * One ISP.
     *
     * @param index 1-based
     * @param nat its router's NAT
     * @param region the region code it is mapped to (two regions: {@code IDF} in FR, {@code BE} in DE)
     * @param country the region's country
     */
    public record Isp(int index, NatType nat, String country, String region) {
        public String name() {
            return "isp" + index;
        }

        /** Its router's address on the public segment: what the tracker sees of its subscribers. */
        public String wanAddress() {
            return "10.200.0." + (10 + index);
        }

        public String lanPrefix() {
            return "10." + (100 + index) + ".0";
        }

        /** The AS number the tracker's overrides give it (private range). */
        public int asn() {
            return 64500 + index;
        }
    }

    /** One subscriber: its namespace, ISP and address. */
    public record Viewer(String name, String namespace, Isp isp, String address) {}

    public NetlabTopology {
        Objects.requireNonNull(runId);
        if (!runId.matches("[a-z0-9]{1,6}")) throw new IllegalArgumentException("runId: 1-6 of [a-z0-9]");
        isps = List.copyOf(isps);
        if (isps.isEmpty() || isps.size() > 9) throw new IllegalArgumentException("isps: 1-9");
        if (viewersPerIsp < 1 || viewersPerIsp > 40) throw new IllegalArgumentException("viewers per ISP: 1-40");
        if (uplinkKbps < 64 || downlinkKbps < 64) throw new IllegalArgumentException("link rates: at least 64 kbit/s");
    }

    /**
     * {@code n} ISPs with the NAT types given in turn (the list repeats); the first half (rounded up) in region FR/IDF,
     * the rest in DE/BE.
     */
    public static NetlabTopology of(
            String runId, int n, List<NatType> nats, int viewersPerIsp, int uplinkKbps, int downlinkKbps) {
        if (nats.isEmpty()) throw new IllegalArgumentException("at least one NAT type");
        List<Isp> isps = new ArrayList<>();
        int firstRegion = (n + 1) / 2;
        for (int k = 1; k <= n; k++) {
            boolean first = k <= firstRegion;
            isps.add(new Isp(k, nats.get((k - 1) % nats.size()), first ? "FR" : "DE", first ? "IDF" : "BE"));
        }
        return new NetlabTopology(runId, isps, viewersPerIsp, uplinkKbps, downlinkKbps);
    }

    public String publicNamespace() {
        return "rl" + runId + "-pub";
    }

    public String routerNamespace(Isp isp) {
        return "rl" + runId + "-" + isp.name();
    }

    public List<Viewer> viewers() {
        List<Viewer> out = new ArrayList<>();
        for (Isp isp : isps) {
            for (int v = 1; v <= viewersPerIsp; v++) {
                String name = isp.name() + "-v" + v;
                out.add(new Viewer(
                        name, "rl" + runId + "-" + isp.index() + "v" + v, isp, isp.lanPrefix() + "." + (10 + v)));
            }
        }
        return out;
    }

    /** Every namespace, the public one first. */
    public List<String> namespaces() {
        List<String> out = new ArrayList<>(List.of(publicNamespace()));
        isps.forEach(i -> out.add(routerNamespace(i)));
        viewers().forEach(v -> out.add(v.namespace()));
        return out;
    }

    /**
     * The tracker's locality overrides ({@code CIDR=asn/country/region}): each ISP's public address is that ISP, as a
     * GeoIP database would map a real ISP's address block.
     */
    public List<String> localityOverrides() {
        return isps.stream()
                .map(i -> i.wanAddress() + "/32=" + i.asn() + "/" + i.country() + "/" + i.region())
                .toList();
    }

    /** The commands that build the network, in order (each an argv); any failing one is an error. */
    public List<List<String>> setup() {
        List<List<String>> c = new ArrayList<>();
        String pub = publicNamespace();
        for (String ns : namespaces()) {
            c.add(List.of("ip", "netns", "add", ns));
            c.add(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        }
        c.add(List.of("ip", "-n", pub, "link", "add", "core", "type", "bridge"));
        c.add(List.of("ip", "-n", pub, "addr", "add", PUBLIC_ADDRESS + "/24", "dev", "core"));
        c.add(List.of("ip", "-n", pub, "link", "set", "core", "up"));
        for (Isp isp : isps) {
            String r = routerNamespace(isp);
            String port = "to" + isp.name();
            c.add(List.of("ip", "-n", r, "link", "add", "wan", "type", "veth", "peer", "name", port, "netns", pub));
            c.add(List.of("ip", "-n", pub, "link", "set", port, "master", "core", "up"));
            c.add(List.of("ip", "-n", r, "addr", "add", isp.wanAddress() + "/24", "dev", "wan"));
            c.add(List.of("ip", "-n", r, "link", "set", "wan", "up"));
            c.add(List.of("ip", "-n", r, "link", "add", "lan", "type", "bridge"));
            c.add(List.of("ip", "-n", r, "addr", "add", isp.lanPrefix() + ".1/24", "dev", "lan"));
            c.add(List.of("ip", "-n", r, "link", "set", "lan", "up"));
            c.add(List.of("ip", "netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1"));
            c.add(nft(r, "add table ip riffle_nat"));
            c.add(nft(r, "add chain ip riffle_nat postrouting { type nat hook postrouting priority srcnat; }"));
            c.add(nft(
                    r,
                    ("add rule ip riffle_nat postrouting oifname \"wan\" masquerade "
                                    + isp.nat().masqueradeOptions())
                            .strip()));
            // Like a home router, drop what nobody inside asked for. Dropped before conntrack confirms it, a peer's
            // early hole-punching packet leaves no entry behind; otherwise that entry would take the port the
            // subscriber's own packet to that peer needs, and masquerade would map it to another one.
            c.add(nft(r, "add table ip riffle_fw"));
            c.add(nft(r, "add chain ip riffle_fw input { type filter hook input priority filter; }"));
            c.add(nft(r, "add rule ip riffle_fw input iifname \"wan\" ct state new drop"));
        }
        for (Viewer v : viewers()) {
            String r = routerNamespace(v.isp());
            String port = "to" + v.name().substring(v.name().indexOf('-') + 1);
            c.add(List.of(
                    "ip",
                    "-n",
                    v.namespace(),
                    "link",
                    "add",
                    "eth0",
                    "type",
                    "veth",
                    "peer",
                    "name",
                    port,
                    "netns",
                    r));
            c.add(List.of("ip", "-n", r, "link", "set", port, "master", "lan", "up"));
            c.add(List.of("ip", "-n", v.namespace(), "addr", "add", v.address() + "/24", "dev", "eth0"));
            c.add(List.of("ip", "-n", v.namespace(), "link", "set", "eth0", "up"));
            c.add(List.of(
                    "ip",
                    "-n",
                    v.namespace(),
                    "route",
                    "add",
                    "default",
                    "via",
                    v.isp().lanPrefix() + ".1"));
            // Residential asymmetry: the subscriber's own sending is its uplink; the router's port towards it, its
            // downlink.
            c.add(tbf(v.namespace(), "eth0", uplinkKbps));
            c.add(tbf(r, port, downlinkKbps));
        }
        return c;
    }

    /** One nftables command in namespace {@code ns} (nft reads its words from one argument as from many). */
    private static List<String> nft(String ns, String command) {
        return List.of("ip", "netns", "exec", ns, "nft", command);
    }

    private static List<String> tbf(String ns, String dev, int kbps) {
        // burst: ~10 ms at the rate (at least 2 full frames); the queue holds up to 400 ms before dropping.
        int burstBytes = Math.max(3_000, kbps * 10 / 8);
        return List.of(
                "tc",
                "-n",
                ns,
                "qdisc",
                "add",
                "dev",
                dev,
                "root",
                "tbf",
                "rate",
                kbps + "kbit",
                "burst",
                Integer.toString(burstBytes),
                "latency",
                "400ms");
    }

    /** The commands that remove it: deleting a namespace deletes its interfaces, rules and queues. */
    public List<List<String>> teardown() {
        List<String> all = namespaces();
        List<List<String>> c = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) c.add(List.of("ip", "netns", "del", all.get(i)));
        return c;
    }

    /** The ISP whose router has this public address, or whose subnet holds it; null if none. */
    public Isp ispOf(String address) {
        for (Isp i : isps) {
            if (address.equals(i.wanAddress()) || address.startsWith(i.lanPrefix() + ".")) return i;
        }
        return null;
    }
}
