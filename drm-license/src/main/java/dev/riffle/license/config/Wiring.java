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
import dev.riffle.license.trust.EmbeddedManifestKeyStore;
import dev.riffle.license.trust.ManifestKeyStore;
import dev.riffle.license.trust.PostgresManifestKeyStore;
import dev.riffle.servicekit.seal.KekSource;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Chooses the implementations named in {@link LicenseConfig}: embedded or PostgreSQL stores, memory or Redis sessions. */
@Singleton
public class Wiring {
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
        return new KeyCipher(KekSource.resolve(
                        "riffle.license.keys.kek",
                        keys.kek(),
                        java.util.stream.Stream.concat(
                                        keys.additionalKeks().orElse(List.of()).stream(),
                                        keys.retiredKeks().orElse(List.of()).stream())
                                .toList(),
                        keys.allowGeneratedKek(),
                        Path.of(keys.embeddedDir(), "dev-kek"),
                        keys.embeddedPersist())
                .keys());
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
    ManifestKeyStore manifestKeys(LicenseConfig config, Instance<AgroalDataSource> ds) {
        if (config.keys().store() == LicenseConfig.StoreKind.POSTGRES) {
            return new PostgresManifestKeyStore(ds.get());
        }
        return new EmbeddedManifestKeyStore(embeddedFile(config, "manifest-keys.json"));
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
}
