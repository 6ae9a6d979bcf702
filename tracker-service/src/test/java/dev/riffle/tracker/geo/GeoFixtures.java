package dev.riffle.tracker.geo;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Small GeoLite2-ASN and GeoLite2-City databases (documentation and loopback networks) written with MmdbWriter. */
public final class GeoFixtures {

    private GeoFixtures() {}

    /** Writes {@code asn.mmdb} and {@code city.mmdb} into {@code dir}; returns {asn, city}. */
    public static Path[] write(Path dir) {
        Path asn = new MmdbWriter("GeoLite2-ASN")
                .put("203.0.113.0/24", asn(3320, "Deutsche Telekom AG"))
                .put("198.51.100.0/24", asn(3215, "Orange S.A."))
                .put("127.0.0.0/8", asn(3320, "Deutsche Telekom AG"))
                .put("2001:db8::/32", asn(6805, "Telefonica Germany"))
                .write(dir.resolve("asn.mmdb"));
        Path city = new MmdbWriter("GeoLite2-City")
                .put("203.0.113.0/24", city("DE", 2921044, List.of("BE")))
                .put("198.51.100.0/24", city("FR", 3017382, List.of("IDF", "75")))
                .put("127.0.0.0/8", city("DE", 2921044, List.of("BE")))
                .put("2001:db8::/32", city("DE", 2921044, List.of("HH")))
                .put("192.0.2.0/24", city("NL", 2750405, List.of()))
                .write(dir.resolve("city.mmdb"));
        return new Path[] {asn, city};
    }

    static Map<String, Object> asn(long number, String organisation) {
        return Map.of(
                "autonomous_system_number", new MmdbWriter.U32(number), "autonomous_system_organization", organisation);
    }

    static Map<String, Object> city(String country, long geonameId, List<String> subdivisions) {
        return Map.of(
                "country",
                Map.of(
                        "iso_code",
                        country,
                        "geoname_id",
                        new MmdbWriter.U32(geonameId),
                        "is_in_european_union",
                        Boolean.TRUE,
                        "names",
                        Map.of("en", country)),
                "subdivisions",
                subdivisions.stream()
                        .map(s -> Map.of("iso_code", s, "names", Map.of("en", s)))
                        .toList(),
                "location",
                Map.of("accuracy_radius", new MmdbWriter.U16(100)));
    }
}
