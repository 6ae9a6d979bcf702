package dev.riffle.license.config;

import dev.riffle.license.keys.KeyCipher;
import dev.riffle.servicekit.production.ProductionGuard;
import dev.riffle.servicekit.production.StartupChecks;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails the start, not the first key request, when keys cannot be sealed: the cipher is built at start (a missing or
 * malformed KEK names its setting). In the {@code production} profile the development defaults are refused first, all
 * named at once: the development issuer, the embedded key store, in-memory sessions, a missing KEK, a generated KEK,
 * and a realm that still accepts its published test credentials.
 */
@ApplicationScoped
public class LicenseStartup {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    void start(@Observes StartupEvent event, LicenseConfig config, Instance<KeyCipher> cipher) {
        if (ProductionGuard.active()) {
            ProductionGuard.enforce("drm-license", checks(config, issuer.orElse("")), issuer.orElse(""));
        }
        cipher.get().kekId(); // built now: a bad KEK stops the start here
    }

    static StartupChecks checks(LicenseConfig config, String issuer) {
        LicenseConfig.Keys keys = config.keys();
        return new StartupChecks("drm-license")
                .issuer("quarkus.oidc.auth-server-url", issuer)
                .refuseIf(
                        keys.store() == LicenseConfig.StoreKind.EMBEDDED,
                        "riffle.license.keys.store=embedded: keys and policies belong in PostgreSQL (postgres)")
                .refuseIf(
                        config.sessions().store() == LicenseConfig.SessionStoreKind.MEMORY,
                        "riffle.license.sessions.store=memory: replicas must share sessions in Redis (redis)")
                .refuseIf(
                        keys.kek().isEmpty() || keys.kek().get().isBlank(),
                        "riffle.license.keys.kek is not set (32 random bytes, base64; env RIFFLE_LICENSE_KEYS_KEK from"
                                + " a Secret)")
                .refuseIf(
                        keys.allowGeneratedKek(),
                        "riffle.license.keys.allow-generated-kek=true: a generated KEK lives next to the keys it seals");
    }
}
