package dev.riffle.tracker.matching;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a peer sits on the network: its ISP as an autonomous system number and its country/region. Unknown parts are
 * {@code 0} / empty and never match anything.
 *
 * @param asn autonomous system number, 0 when unknown
 * @param country ISO 3166-1 alpha-2, upper case, empty when unknown
 * @param region ISO 3166-2 subdivision code without the country (e.g. {@code BE}), empty when unknown
 */
public record Locality(long asn, String country, String region) {

    public static final Locality UNKNOWN = new Locality(0, "", "");

    public Locality {
        if (asn < 0 || asn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("asn out of range");
        }
        country = normalise(country, 2);
        region = normalise(region, 8);
    }

    private static String normalise(String value, int max) {
        String v = Objects.requireNonNullElse(value, "").trim().toUpperCase(Locale.ROOT);
        if (v.length() > max || !v.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("bad locality code");
        }
        return v;
    }

    public boolean sameIspAndRegion(Locality other) {
        return asn != 0 && asn == other.asn && !region.isEmpty() && sameCountry(other) && region.equals(other.region);
    }

    public boolean sameCountry(Locality other) {
        return !country.isEmpty() && country.equals(other.country);
    }

    /** A short key grouping peers of one ISP and region, e.g. {@code 3320/DE/BE}. */
    public String groupKey() {
        return asn + "/" + country + "/" + region;
    }

    public static Locality parseGroupKey(String key) {
        String[] p = key.split("/", -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("bad locality key");
        }
        return new Locality(Long.parseLong(p[0]), p[1], p[2]);
    }
}
