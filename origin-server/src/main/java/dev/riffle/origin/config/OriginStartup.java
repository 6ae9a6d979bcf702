package dev.riffle.origin.config;

import dev.riffle.origin.manifest.ManifestService;
import dev.riffle.servicekit.production.ProductionGuard;
import dev.riffle.servicekit.production.PublishedCredentials;
import dev.riffle.servicekit.production.StartupChecks;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens the signing keys at start (a missing or wrong KEK stops the start, naming its setting, rather than the first
 * ingest). In the {@code production} profile the development defaults are refused first, all named at once: the
 * development issuer, the published {@code riffle-origin-secret}, a missing or generated signing KEK, and a realm that
 * still accepts its published test credentials.
 */
@ApplicationScoped
public class OriginStartup {
    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    @ConfigProperty(name = "quarkus.oidc-client.auth-server-url")
    Optional<String> clientIssuer;

    @ConfigProperty(name = "quarkus.oidc-client.credentials.secret")
    Optional<String> clientSecret;

    void start(@Observes StartupEvent event, OriginConfig config, Instance<ManifestService> manifests) {
        if (ProductionGuard.active()) {
            ProductionGuard.enforce(
                    "origin-server", checks(config, issuer.orElse(""), clientIssuer, clientSecret), issuer.orElse(""));
        }
        manifests.get().ring(); // signing keys opened now
    }

    static StartupChecks checks(
            OriginConfig config, String issuer, Optional<String> clientIssuer, Optional<String> clientSecret) {
        OriginConfig.Signing signing = config.signing();
        return new StartupChecks("origin-server")
                .issuer("quarkus.oidc.auth-server-url", issuer)
                .issuer("quarkus.oidc-client.auth-server-url", clientIssuer.orElse(""))
                .refuseIf(
                        clientSecret
                                .map(PublishedCredentials.ORIGIN_SECRET::equals)
                                .orElse(false),
                        "quarkus.oidc-client.credentials.secret is the published riffle-origin-secret: regenerate the"
                                + " client secret in Keycloak and set it from a Secret")
                .refuseIf(
                        signing.kek().isEmpty() || signing.kek().get().isBlank(),
                        "riffle.origin.signing.kek is not set (32 random bytes, base64; env RIFFLE_ORIGIN_SIGNING_KEK"
                                + " from a Secret)")
                .refuseIf(
                        signing.allowGeneratedKek(),
                        "riffle.origin.signing.allow-generated-kek=true: a generated KEK lives next to the keys it"
                                + " seals");
    }
}
