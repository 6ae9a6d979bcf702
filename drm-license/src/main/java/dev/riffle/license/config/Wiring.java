package dev.riffle.license.config;

import dev.riffle.license.keys.EmbeddedKeyStore;
import dev.riffle.license.keys.KeyCipher;
import dev.riffle.license.keys.KeyStore;
import dev.riffle.license.keys.PostgresKeyStore;
import dev.riffle.license.policy.EmbeddedTitlePolicyStore;
import dev.riffle.license.policy.EntitlementPolicy;
import dev.riffle.license.policy.PostgresTitlePolicyStore;
import dev.riffle.license.policy.StreamLimits;
import dev.riffle.license.policy.TitlePolicyStore;
import dev.riffle.license.session.InMemorySessionStore;
import dev.riffle.license.session.RedisSessionStore;
import dev.riffle.license.session.SessionStore;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import org.jboss.logging.Logger;

/** Chooses the implementations named in {@link LicenseConfig}: embedded or PostgreSQL stores, memory or Redis sessions. */
@Singleton
public class Wiring {
    private static final Logger LOG = Logger.getLogger(Wiring.class);

    @Produces
    @Singleton
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @Singleton
    EntitlementPolicy policy(InstantSource clock, LicenseConfig config) {
        return new EntitlementPolicy(clock, config.licenseDuration());
    }

    @Produces
    @Singleton
    StreamLimits limits(LicenseConfig config) {
        return new StreamLimits(
                config.limits().concurrentStreams(), config.limits().devices());
    }

    @Produces
    @Singleton
    KeyCipher cipher(LicenseConfig config) {
        LicenseConfig.Keys keys = config.keys();
        byte[] kek;
        if (keys.kek().isPresent()) {
            kek = decodeKek(keys.kek().get());
        } else if (keys.allowGeneratedKek()) {
            kek = devKek(Path.of(keys.embeddedDir(), "dev-kek"), keys.embeddedPersist());
        } else {
            throw new IllegalStateException(
                    "riffle.license.keys.kek is not set (32 bytes, base64; env RIFFLE_LICENSE_KEYS_KEK)");
        }
        return new KeyCipher(kek, new SecureRandom());
    }

    @Produces
    @Singleton
    KeyStore keyStore(LicenseConfig config, Instance<AgroalDataSource> ds) {
        if (config.keys().store() == LicenseConfig.StoreKind.POSTGRES) {
            return new PostgresKeyStore(ds.get());
        }
        return new EmbeddedKeyStore(embeddedFile(config, "keys.jsonl"));
    }

    @Produces
    @Singleton
    TitlePolicyStore titlePolicyStore(LicenseConfig config, Instance<AgroalDataSource> ds) {
        if (config.keys().store() == LicenseConfig.StoreKind.POSTGRES) {
            return new PostgresTitlePolicyStore(ds.get());
        }
        return new EmbeddedTitlePolicyStore(embeddedFile(config, "title-policies.json"));
    }

    @Produces
    @Singleton
    SessionStore sessionStore(LicenseConfig config) {
        if (config.sessions().store() == LicenseConfig.SessionStoreKind.REDIS) {
            return new RedisSessionStore(
                    config.sessions().redisUri(), config.sessions().redisPrefix());
        }
        return new InMemorySessionStore();
    }

    void closeSessions(@Disposes SessionStore store) {
        if (store instanceof RedisSessionStore redis) {
            redis.close();
        }
    }

    private static Optional<Path> embeddedFile(LicenseConfig config, String name) {
        return config.keys().embeddedPersist()
                ? Optional.of(Path.of(config.keys().embeddedDir(), name))
                : Optional.empty();
    }

    private static byte[] decodeKek(String base64) {
        byte[] kek;
        try {
            kek = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("riffle.license.keys.kek is not base64");
        }
        if (kek.length != 32) {
            throw new IllegalStateException("riffle.license.keys.kek must decode to 32 bytes");
        }
        return kek;
    }

    private static byte[] devKek(Path file, boolean persist) {
        try {
            if (persist && Files.exists(file)) {
                return decodeKek(Files.readString(file));
            }
            byte[] kek = new byte[32];
            new SecureRandom().nextBytes(kek);
            if (persist) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, Base64.getEncoder().encodeToString(kek));
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // not a POSIX file system
                }
                LOG.warnf(
                        "generated a development key-encryption key in %s; set riffle.license.keys.kek in production",
                        file);
            }
            return kek;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
