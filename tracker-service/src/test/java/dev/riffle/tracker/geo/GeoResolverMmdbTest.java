package dev.riffle.tracker.geo;

import static org.assertj.core.api.Assertions.assertThat;

import com.maxmind.geoip2.DatabaseReader;
import dev.riffle.tracker.matching.Locality;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GeoResolver on real MaxMind-format databases (written by {@link MmdbWriter}), read by com.maxmind.geoip2. */
class GeoResolverMmdbTest {

    @TempDir
    Path dir;

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    GeoResolver resolver(List<GeoResolver.CidrOverride> overrides) {
        Path[] dbs = GeoFixtures.write(dir);
        return new GeoResolver(overrides, Optional.of(dbs[0].toFile()), Optional.of(dbs[1].toFile()));
    }

    @Test
    void theWrittenFilesAreValidGeoLite2Databases() throws Exception {
        Path[] dbs = GeoFixtures.write(dir);
        try (DatabaseReader asn = new DatabaseReader.Builder(dbs[0].toFile()).build();
                DatabaseReader city = new DatabaseReader.Builder(dbs[1].toFile()).build()) {
            assertThat(asn.getMetadata().getDatabaseType()).isEqualTo("GeoLite2-ASN");
            assertThat(asn.asn(ip("203.0.113.9")).getAutonomousSystemOrganization())
                    .isEqualTo("Deutsche Telekom AG");
            assertThat(city.city(ip("198.51.100.1")).getSubdivisions()).hasSize(2);
        }
    }

    @Test
    void asnCountryAndRegionComeFromTheDatabases() throws Exception {
        try (GeoResolver geo = resolver(List.of())) {
            assertThat(geo.resolve(ip("203.0.113.77"))).isEqualTo(new Locality(3320, "DE", "BE"));
            // the most specific subdivision is the region
            assertThat(geo.resolve(ip("198.51.100.200"))).isEqualTo(new Locality(3215, "FR", "75"));
            assertThat(geo.resolve(ip("2001:db8:1::5"))).isEqualTo(new Locality(6805, "DE", "HH"));
            // in the City database only: country, no ISP, no region
            assertThat(geo.resolve(ip("192.0.2.1"))).isEqualTo(new Locality(0, "NL", ""));
        }
    }

    @Test
    void addressesInNeitherDatabaseAreUnknown() throws Exception {
        try (GeoResolver geo = resolver(List.of())) {
            assertThat(geo.resolve(ip("100.64.0.1"))).isEqualTo(Locality.UNKNOWN);
            assertThat(geo.resolve(ip("2001:db9::1"))).isEqualTo(Locality.UNKNOWN);
        }
    }

    @Test
    void operatorOverridesWinOverTheDatabases() throws Exception {
        try (GeoResolver geo = resolver(List.of(
                GeoResolver.CidrOverride.parse("203.0.113.128/25=64512/NL/NH"),
                GeoResolver.CidrOverride.parse("2001:db8:ff::/48=64513/DE/BY")))) {
            assertThat(geo.resolve(ip("203.0.113.200"))).isEqualTo(new Locality(64512, "NL", "NH"));
            assertThat(geo.resolve(ip("203.0.113.5"))).isEqualTo(new Locality(3320, "DE", "BE"));
            assertThat(geo.resolve(ip("2001:db8:ff::1"))).isEqualTo(new Locality(64513, "DE", "BY"));
            assertThat(geo.resolve(ip("2001:db8:fe::1"))).isEqualTo(new Locality(6805, "DE", "HH"));
        }
    }
}
