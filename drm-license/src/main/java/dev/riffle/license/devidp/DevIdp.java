package dev.riffle.license.devidp;

import dev.riffle.license.config.LicenseConfig;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;

/** The development issuer's state: the realm it serves and its signing key (new on every start). */
@Singleton
public class DevIdp {
    private final DevRealm realm;
    private final DevTokenIssuer issuer;

    public DevIdp(LicenseConfig config, InstantSource clock) {
        this.realm = load(config);
        this.issuer = new DevTokenIssuer(clock, config.devIdp().tokenLifespan());
    }

    public DevRealm realm() {
        return realm;
    }

    public DevTokenIssuer issuer() {
        return issuer;
    }

    private static DevRealm load(LicenseConfig config) {
        try {
            if (config.devIdp().realmFile().isPresent()) {
                try (InputStream in =
                        Files.newInputStream(Path.of(config.devIdp().realmFile().get()))) {
                    return DevRealm.read(in);
                }
            }
            try (InputStream in = DevIdp.class.getResourceAsStream("/devidp/riffle-realm.json")) {
                if (in == null) {
                    throw new IllegalStateException("devidp/riffle-realm.json missing from the classpath");
                }
                return DevRealm.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
