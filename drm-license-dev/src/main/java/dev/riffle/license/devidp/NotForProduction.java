package dev.riffle.license.devidp;

import dev.riffle.servicekit.production.ProductionGuard;
import dev.riffle.servicekit.production.StartupChecks;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * This build carries the development issuer, which hands out tokens for the realm file's published passwords: it
 * refuses the {@code production} profile. Production runs the {@code drm-license} artifact, which has no issuer.
 */
@ApplicationScoped
public class NotForProduction {
    void check(@Observes StartupEvent start) {
        new StartupChecks("drm-license-dev")
                .refuseIf(
                        ProductionGuard.active(),
                        "this is the single-machine build with the development issuer; run the drm-license artifact"
                                + " (deploy/docker/drm-license.Dockerfile) in production")
                .enforce();
    }
}
