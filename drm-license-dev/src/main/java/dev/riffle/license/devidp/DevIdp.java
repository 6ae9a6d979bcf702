package dev.riffle.license.devidp;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;

/** The development issuer's state: the realm it serves and its signing key (new on every start). */
@Singleton
public class DevIdp {
    private final DevRealm realm;
    private final DevTokenIssuer issuer;
    private final DeviceGrants deviceGrants;
    private final RefreshTokens refreshTokens;

    public DevIdp(DevIdpConfig config, InstantSource clock) {
        this.realm = load(config);
        this.issuer = new DevTokenIssuer(clock, config.tokenLifespan());
        SecureRandom random = new SecureRandom();
        // The realm file's oauth2DeviceCodeLifespan, oauth2DevicePollingInterval and ssoSessionIdleTimeout.
        this.deviceGrants = new DeviceGrants(clock, random, Duration.ofMinutes(10), Duration.ofSeconds(5));
        this.refreshTokens = new RefreshTokens(clock, random, Duration.ofHours(1));
    }

    public DeviceGrants deviceGrants() {
        return deviceGrants;
    }

    public RefreshTokens refreshTokens() {
        return refreshTokens;
    }

    public DevRealm realm() {
        return realm;
    }

    public DevTokenIssuer issuer() {
        return issuer;
    }

    private static DevRealm load(DevIdpConfig config) {
        try {
            if (config.realmFile().isPresent()) {
                try (InputStream in =
                        Files.newInputStream(Path.of(config.realmFile().get()))) {
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
