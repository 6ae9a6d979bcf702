package dev.riffle.tracker.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.CityResponse;
import dev.riffle.tracker.matching.Locality;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Resolves the ISP (ASN) and country/region of an observed address: operator CIDR overrides first (longest prefix
 * wins), then MaxMind-format ASN and City databases. Anything not found is unknown.
 */
public final class GeoResolver implements Closeable {

    /** One operator override: addresses in {@code network} are at {@code locality}. */
    public record CidrOverride(Cidr network, Locality locality) {
        /** Parses {@code CIDR=asn/country/region}, e.g. {@code 127.0.0.0/8=64512/DE/BE}. */
        public static CidrOverride parse(String text) {
            int eq = text.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("override needs CIDR=asn/country/region: " + text);
            }
            String[] parts = text.substring(eq + 1).trim().split("/", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("override needs CIDR=asn/country/region: " + text);
            }
            long asn = parts[0].isBlank() ? 0 : Long.parseLong(parts[0].trim());
            return new CidrOverride(Cidr.parse(text.substring(0, eq)), new Locality(asn, parts[1], parts[2]));
        }
    }

    private final List<CidrOverride> overrides;
    private final DatabaseReader asnDb;
    private final DatabaseReader cityDb;

    public GeoResolver(List<CidrOverride> overrides, Optional<File> asnDb, Optional<File> cityDb) {
        List<CidrOverride> sorted = new ArrayList<>(overrides);
        sorted.sort(Comparator.comparingInt((CidrOverride o) -> o.network().prefix())
                .reversed());
        this.overrides = List.copyOf(sorted);
        this.asnDb = asnDb.map(GeoResolver::open).orElse(null);
        this.cityDb = cityDb.map(GeoResolver::open).orElse(null);
    }

    private static DatabaseReader open(File file) {
        try {
            return new DatabaseReader.Builder(file).withCache(new CHMCache()).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open MaxMind database " + file, e);
        }
    }

    public Locality resolve(InetAddress address) {
        for (CidrOverride o : overrides) {
            if (o.network().contains(address)) {
                return o.locality();
            }
        }
        long asn = 0;
        String country = "";
        String region = "";
        try {
            if (asnDb != null) {
                Optional<AsnResponse> r = asnDb.tryAsn(address);
                if (r.isPresent() && r.get().getAutonomousSystemNumber() != null) {
                    asn = r.get().getAutonomousSystemNumber();
                }
            }
            if (cityDb != null) {
                Optional<CityResponse> r = cityDb.tryCity(address);
                if (r.isPresent()) {
                    country = Optional.ofNullable(r.get().getCountry().getIsoCode())
                            .orElse("");
                    region = Optional.ofNullable(
                                    r.get().getMostSpecificSubdivision().getIsoCode())
                            .orElse("");
                }
            }
            return new Locality(asn, country, region);
        } catch (IOException | GeoIp2Exception | IllegalArgumentException e) {
            return new Locality(asn, "", "");
        }
    }

    @Override
    public void close() throws IOException {
        if (asnDb != null) {
            asnDb.close();
        }
        if (cityDb != null) {
            cityDb.close();
        }
    }
}
