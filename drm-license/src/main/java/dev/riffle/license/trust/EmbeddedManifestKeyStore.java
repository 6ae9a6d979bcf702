package dev.riffle.license.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The key set in memory, optionally kept in a file (written aside, then renamed). */
public final class EmbeddedManifestKeyStore implements ManifestKeyStore {
    private final Optional<Path> file;
    private volatile byte[] jwks;

    public EmbeddedManifestKeyStore(Optional<Path> file) {
        this.file = file;
        file.filter(Files::exists).ifPresent(f -> {
            try {
                jwks = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        });
    }

    @Override
    public Optional<byte[]> get() {
        return Optional.ofNullable(jwks).map(byte[]::clone);
    }

    @Override
    public synchronized void put(byte[] set) {
        file.ifPresent(f -> {
            try {
                Path abs = f.toAbsolutePath();
                Files.createDirectories(abs.getParent());
                Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
                Files.write(tmp, set);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + f, e);
            }
        });
        jwks = set.clone();
    }
}
