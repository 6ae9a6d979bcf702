package dev.riffle.tracker.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.tracker.matching.Locality;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GeoResolverTest {

    static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void theLongestMatchingOverrideWins() throws Exception {
        GeoResolver geo = new GeoResolver(
                List.of(
                        GeoResolver.CidrOverride.parse("10.0.0.0/8=64512/DE/BE"),
                        GeoResolver.CidrOverride.parse("10.1.0.0/16=64513/FR/IDF")),
                Optional.empty(),
                Optional.empty());
        assertThat(geo.resolve(ip("10.1.2.3"))).isEqualTo(new Locality(64513, "FR", "IDF"));
        assertThat(geo.resolve(ip("10.2.2.3"))).isEqualTo(new Locality(64512, "DE", "BE"));
        assertThat(geo.resolve(ip("192.0.2.1"))).isEqualTo(Locality.UNKNOWN);
        assertThat(geo.resolve(ip("::1"))).isEqualTo(Locality.UNKNOWN);
    }

    @Test
    void ipv6OverridesWork() throws Exception {
        GeoResolver geo = new GeoResolver(
                List.of(GeoResolver.CidrOverride.parse("2001:db8::/32=3320/DE/")), Optional.empty(), Optional.empty());
        assertThat(geo.resolve(ip("2001:db8::7"))).isEqualTo(new Locality(3320, "DE", ""));
    }

    @Test
    void badOverridesAreRejectedAtStartup() {
        assertThatThrownBy(() -> GeoResolver.CidrOverride.parse("example.com/8=1/DE/BE"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoResolver.CidrOverride.parse("10.0.0.0/33=1/DE/BE"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GeoResolver.CidrOverride.parse("10.0.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void answersAreSpreadPerSlash24AndSlash48() throws Exception {
        assertThat(Subnets.of(ip("192.0.2.77"))).isEqualTo("192.0.2.0/24");
        assertThat(Subnets.of(ip("2001:db8:1:2::1"))).isEqualTo("2001:db8:1:0:0:0:0:0/48");
    }
}
