package dev.riffle.license.devidp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The development issuer under {@code /dev-idp} ({@code riffle.license.dev-idp.*}). Only this module, the
 * single-machine build of drm-license, has it; the production artifact ({@code drm-license}) carries no issuer.
 */
@ConfigMapping(prefix = "riffle.license.dev-idp")
public interface DevIdpConfig {
    /** Off: the paths answer 404 and the service trusts whatever {@code quarkus.oidc.auth-server-url} names. */
    @WithDefault("true")
    boolean enabled();

    /** Lifetime of issued access tokens. */
    @WithDefault("PT15M")
    Duration tokenLifespan();

    /** Realm file to serve (default: the copy of deploy/keycloak/riffle-realm.json inside the jar). */
    Optional<String> realmFile();
}
