package dev.riffle.license.config;

import dev.riffle.license.keys.KeyStore;
import dev.riffle.license.keys.Kid;
import dev.riffle.license.session.RedisSessionStore;
import dev.riffle.license.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the key store answers a lookup and the session store (Redis) answers PING. */
@Readiness
@ApplicationScoped
public class StoresReadiness implements HealthCheck {
    private static final Kid PROBE = Kid.parse("AAAAAAAAAAAAAAAAAAAAAA");
    private final KeyStore keys;
    private final SessionStore sessions;

    public StoresReadiness(KeyStore keys, SessionStore sessions) {
        this.keys = keys;
        this.sessions = sessions;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            keys.findByKid(PROBE);
            boolean redis = !(sessions instanceof RedisSessionStore r) || r.ping();
            return HealthCheckResponse.named("license-stores").status(redis).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("license-stores").down().build();
        }
    }
}
