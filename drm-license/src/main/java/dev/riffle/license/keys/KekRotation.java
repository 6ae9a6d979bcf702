package dev.riffle.license.keys;

import dev.riffle.license.config.LicenseConfig;
import dev.riffle.servicekit.seal.KekSource;
import dev.riffle.servicekit.seal.KeyEncryptionKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Online KEK rotation: while retired KEKs are configured ({@code riffle.license.keys.retired-keks}), every
 * {@code reseal-every} the keys still sealed under one of them are opened and sealed again under the active KEK, in
 * batches, each row swapped only if it is still the row that was read ({@link KeyStore#replace}), so replicas doing
 * the same never clash. (Additional KEKs only open: a replica that already holds the next KEK must not move keys back.) Until a row is swapped it still
 * opens with the old KEK, so no license request fails during a rotation. Counted as
 * {@code riffle_license_keys_resealed_total}; the readiness data shows the keys left under each KEK.
 */
@ApplicationScoped
public class KekRotation {
    private static final Logger LOG = Logger.getLogger(KekRotation.class);
    static final int BATCH = 100;

    private final KeyStore store;
    private final KeyCipher cipher;
    private final LicenseConfig.Keys config;
    private final Set<String> retired;
    private final Counter resealed;
    private ScheduledExecutorService timer;

    public KekRotation(KeyStore store, KeyCipher cipher, LicenseConfig config, MeterRegistry registry) {
        this.store = store;
        this.cipher = cipher;
        this.config = config.keys();
        this.retired = config.keys().retiredKeks().orElse(List.of()).stream()
                .filter(k -> !k.isBlank())
                .map(k -> KeyEncryptionKeys.fingerprint(KekSource.decode("riffle.license.keys.retired-keks", k)))
                .filter(id -> !id.equals(cipher.kekId()))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        this.resealed = Counter.builder("riffle.license.keys.resealed")
                .description("Content keys re-sealed under the active KEK")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (retired.isEmpty()) return;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "riffle-kek-rotation");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.resealEvery().toMillis());
        timer.scheduleWithFixedDelay(this::passQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) timer.shutdownNow();
    }

    private void passQuietly() {
        try {
            int n = pass();
            if (n > 0) LOG.infof("re-sealed %d content keys under KEK %s", n, cipher.kekId());
        } catch (RuntimeException e) {
            LOG.warnf("KEK rotation pass failed (%s); next pass in %s", e.getMessage(), config.resealEvery());
        }
    }

    /** Re-seals what is left under other KEKs; returns how many keys this pass moved. */
    public int pass() {
        int moved = 0;
        Set<Kid> skipped = new HashSet<>();
        while (true) {
            List<SealedKey> batch = store.sealedUnder(retired, BATCH + skipped.size());
            List<SealedKey> todo =
                    batch.stream().filter(k -> !skipped.contains(k.kid())).toList();
            if (todo.isEmpty()) return moved;
            for (SealedKey old : todo) {
                if (store.replace(old, cipher.reseal(old))) {
                    moved++;
                    resealed.increment();
                } else {
                    skipped.add(old.kid()); // moved by another replica meanwhile
                }
            }
        }
    }
}
