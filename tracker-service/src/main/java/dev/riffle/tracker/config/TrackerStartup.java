package dev.riffle.tracker.config;

import dev.riffle.servicekit.production.ProductionGuard;
import dev.riffle.servicekit.production.StartupChecks;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In the {@code production} profile the tracker refuses to start with development defaults, naming each: the
 * development issuer, swarms in memory (replicas must share them in Redis), stats that count without a license
 * session, a TURN secret that is the development default, and a realm that still accepts its published test credentials.
 */
@ApplicationScoped
public class TrackerStartup {
    private static final Logger LOG = Logger.getLogger(TrackerStartup.class);

    @ConfigProperty(name = "quarkus.oidc.auth-server-url")
    Optional<String> issuer;

    void start(@Observes StartupEvent event, TrackerConfig config) {
        // What agents will be handed, never the secret.
        LOG.infof(
                "ICE servers for agents: %d STUN, %d TURN URL(s), TURN credentials valid %s",
                config.ice().stunUrls().map(List::size).orElse(0),
                config.ice().turnUrls().map(List::size).orElse(0),
                config.ice().credentialTtl());
        if (!ProductionGuard.active()) return;
        ProductionGuard.enforce("tracker-service", checks(config, issuer.orElse("")), issuer.orElse(""));
    }

    static StartupChecks checks(TrackerConfig config, String issuer) {
        return new StartupChecks("tracker-service")
                .issuer("quarkus.oidc.auth-server-url", issuer)
                .refuseIf(
                        !config.store().kind().equals("redis"),
                        "riffle.tracker.store.kind=" + config.store().kind()
                                + ": replicas must share swarms and signalling in Redis (redis)")
                .refuseIf(
                        !config.stats().requireLicenseSession(),
                        "riffle.tracker.stats.require-license-session=false: any account could report stats for any"
                                + " title")
                .refuseIf(
                        config.ice().turnUrls().isPresent()
                                && (config.ice().turnSecret().equals(TrackerConfig.Ice.DEV_TURN_SECRET)
                                        || config.ice().turnSecret().length() < 16),
                        "riffle.tracker.ice.turn-secret: the development default (or under 16 characters) would let"
                                + " anyone mint TURN credentials");
    }
}
