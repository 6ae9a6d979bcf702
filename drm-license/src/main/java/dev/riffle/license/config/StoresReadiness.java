package dev.riffle.license.config;

import dev.riffle.license.keys.KeyCipher;
import dev.riffle.license.keys.KeyStore;
import dev.riffle.license.keys.Kid;
import dev.riffle.license.session.RedisSessionStore;
import dev.riffle.license.session.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the key store answers, the session store (Redis) answers PING, the cipher seals and opens, and every stored
 * key is sealed under a KEK this replica holds (a key under a missing KEK would fail its license requests). The data
 * shows how many keys each KEK id seals, which tells when a KEK rotation is done.
 */
@Readiness
@ApplicationScoped
public class StoresReadiness implements HealthCheck {
    private static final Kid PROBE = Kid.parse("AAAAAAAAAAAAAAAAAAAAAA");
    private final KeyStore keys;
    private final SessionStore sessions;
    private final KeyCipher cipher;

    public StoresReadiness(KeyStore keys, SessionStore sessions, KeyCipher cipher) {
        this.keys = keys;
        this.sessions = sessions;
        this.cipher = cipher;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("license-stores");
        try {
            keys.findByKid(PROBE);
            boolean redis = !(sessions instanceof RedisSessionStore s) || s.ping();
            byte[] probe = new byte[16];
            boolean cipherWorks = Arrays.equals(
                    cipher.open(new dev.riffle.license.keys.SealedKey(
                                    PROBE,
                                    "readiness",
                                    "probe",
                                    cipher.seal(PROBE, "readiness", "probe", probe),
                                    cipher.kekId(),
                                    java.time.Instant.EPOCH))
                            .key(),
                    probe);
            Map<String, Long> census = keys.countByKek();
            String unopenable =
                    census.keySet().stream().filter(id -> !cipher.opens(id)).collect(Collectors.joining(","));
            census.forEach((id, n) -> r.withData("keys-under-kek-" + id, n));
            r.withData("active-kek", cipher.kekId());
            if (!unopenable.isEmpty()) r.withData("keks-missing", unopenable);
            return r.status(redis && cipherWorks && unopenable.isEmpty()).build();
        } catch (RuntimeException e) {
            return r.down().withData("error", e.getClass().getSimpleName()).build();
        }
    }
}
