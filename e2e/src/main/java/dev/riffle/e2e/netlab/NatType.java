package dev.riffle.e2e.netlab;

import java.util.Locale;

/**
 * How an ISP's router translates its subscribers' addresses (nftables masquerade on its uplink). Both filter what comes
 * in by the exact remote address and port a subscriber sent to (conntrack), as home routers do.
 */
public enum NatType {
    /**
     * Port-restricted cone: one public port per subscriber socket, whoever it talks to (masquerade keeps the source
     * port when it can), so the port learnt from a STUN server is the port peers reach.
     */
    CONE("cone", ""),
    /**
     * Symmetric: a fresh random public port per destination, so the port a STUN server saw is useless to a peer; two
     * such subscribers can only meet through a relay.
     */
    SYMMETRIC("symmetric", "fully-random");

    private final String flag;
    private final String masqueradeOptions;

    NatType(String flag, String masqueradeOptions) {
        this.flag = flag;
        this.masqueradeOptions = masqueradeOptions;
    }

    public String flag() {
        return flag;
    }

    /** Options of nftables' {@code masquerade} statement for this type. */
    String masqueradeOptions() {
        return masqueradeOptions;
    }

    public static NatType parse(String s) {
        for (NatType t : values()) {
            if (t.flag.equals(s.strip().toLowerCase(Locale.ROOT))) return t;
        }
        throw new IllegalArgumentException("NAT type: cone or symmetric, not '" + s + "'");
    }
}
