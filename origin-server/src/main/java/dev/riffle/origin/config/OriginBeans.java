package dev.riffle.origin.config;

import dev.riffle.origin.lease.InMemoryJobLeases;
import dev.riffle.origin.lease.JobLeases;
import dev.riffle.origin.lease.PostgresJobLeases;
import dev.riffle.origin.manifest.ManifestService;
import dev.riffle.origin.manifest.SigningKeyRing;
import dev.riffle.origin.packaging.LadderRung;
import dev.riffle.origin.packaging.Packager;
import dev.riffle.origin.packaging.ProcessRunner;
import dev.riffle.origin.store.ContentStore;
import dev.riffle.origin.store.FileSystemContentStore;
import dev.riffle.servicekit.seal.KekSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.time.InstantSource;
import java.util.List;
import org.postgresql.ds.PGSimpleDataSource;

/** Wires the plain classes (pure cores and thin shells) from configuration. */
@ApplicationScoped
public class OriginBeans {

    @Produces
    @ApplicationScoped
    InstantSource clock() {
        return InstantSource.system();
    }

    @Produces
    @ApplicationScoped
    ContentStore contentStore(OriginConfig config) {
        return new FileSystemContentStore(config.dataDir());
    }

    @Produces
    @ApplicationScoped
    JobLeases jobLeases(OriginConfig config) {
        OriginConfig.Ingest.Lease lease = config.ingest().lease();
        if (lease.kind() == OriginConfig.Ingest.Lease.Kind.MEMORY) return new InMemoryJobLeases();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(lease.jdbcUrl()
                .orElseThrow(() -> new IllegalStateException(
                        "riffle.origin.ingest.lease.kind=postgresql needs riffle.origin.ingest.lease.jdbc-url")));
        lease.username().ifPresent(ds::setUser);
        lease.password().ifPresent(ds::setPassword);
        return new PostgresJobLeases(ds);
    }

    @Produces
    @ApplicationScoped
    ProcessRunner processRunner() {
        return new ProcessRunner();
    }

    void closeProcesses(@Disposes ProcessRunner runner) {
        runner.close();
    }

    @Produces
    @ApplicationScoped
    Packager packager(OriginConfig config, ProcessRunner runner) {
        return new Packager(
                new Packager.Settings(
                        config.ffmpeg().path(),
                        config.ffmpeg().probePath(),
                        config.ffmpeg().preset(),
                        config.ffmpeg().timeout(),
                        LadderRung.parseAll(config.packaging().ladder()),
                        config.packaging().audioKbps(),
                        config.packaging().segmentSeconds()),
                runner);
    }

    @Produces
    @ApplicationScoped
    ManifestService manifests(OriginConfig config, InstantSource clock) {
        KekSource kek = KekSource.resolve(
                "riffle.origin.signing.kek",
                config.signing().kek(),
                config.signing().retiredKeks().orElse(List.of()),
                config.signing().allowGeneratedKek(),
                config.dataDir().resolve("signing-kek"),
                true);
        return new ManifestService(SigningKeyRing.open(config.keyDir(), kek.keys()), clock);
    }
}
