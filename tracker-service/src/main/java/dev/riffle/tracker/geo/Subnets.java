package dev.riffle.tracker.geo;

import java.net.InetAddress;

/** The subnet an address counts against when answers are spread: IPv4 /24, IPv6 /48. */
public final class Subnets {

    private Subnets() {}

    public static String of(InetAddress address) {
        int bits = address.getAddress().length == 4 ? 24 : 48;
        return new Cidr(address.getAddress(), bits).toString();
    }
}
