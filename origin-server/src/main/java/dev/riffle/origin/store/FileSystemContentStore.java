package dev.riffle.origin.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Layout under the data directory:
 *
 * <pre>
 * content/{titleId}            symlink → ../versions/{titleId}/{versionId} (the live version; atomic swap)
 * versions/{titleId}/{versionId}/master.m3u8, manifest.json, {rendition}/index.m3u8, {rendition}/{n}.ts
 * staging/{jobId}/             a job's private work area; never served, removed on failure and at start
 * </pre>
 */
public final class FileSystemContentStore implements ContentStore {
    private static final Logger LOG = Logger.getLogger(FileSystemContentStore.class);

    private final Path content;
    private final Path versions;
    private final Path staging;

    public FileSystemContentStore(Path dataDir) {
        this.content = dataDir.resolve("content").toAbsolutePath().normalize();
        this.versions = dataDir.resolve("versions").toAbsolutePath().normalize();
        this.staging = dataDir.resolve("staging").toAbsolutePath().normalize();
        try {
            Files.createDirectories(content);
            Files.createDirectories(versions);
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create content store under " + dataDir, e);
        }
    }

    public Path contentRoot() {
        return content;
    }

    @Override
    public Path createStaging(String jobId) throws IOException {
        requireSafe(jobId);
        Path dir = staging.resolve(jobId);
        deleteTree(dir);
        return Files.createDirectories(dir);
    }

    @Override
    public void discardStaging(String jobId) {
        if (ContentStore.safeName(jobId)) deleteTree(staging.resolve(jobId));
    }

    @Override
    public void publish(String titleId, String versionId, Path staged) throws IOException {
        requireSafe(titleId);
        requireSafe(versionId);
        Path dir = versions.resolve(titleId);
        Files.createDirectories(dir);
        Path target = dir.resolve(versionId);
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        String previous = liveVersion(titleId).orElse(null);
        relink(titleId, versionId);
        // Keep the version that was live until now (players mid-stream, caches); drop older ones.
        try (Stream<Path> old = Files.list(dir)) {
            old.filter(p -> !p.getFileName().toString().equals(versionId))
                    .filter(p -> !p.getFileName().toString().equals(previous))
                    .forEach(FileSystemContentStore::deleteTree);
        }
    }

    @Override
    public void relink(String titleId, String versionId) throws IOException {
        requireSafe(titleId);
        requireSafe(versionId);
        Path target = versions.resolve(titleId).resolve(versionId);
        if (!Files.isDirectory(target)) throw new NoSuchFileException(target.toString());
        Path tmp = content.resolve("." + titleId + ".link");
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, content.relativize(target));
        try {
            Files.move(tmp, content.resolve(titleId), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, content.resolve(titleId), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public void unpublish(String titleId) throws IOException {
        requireSafe(titleId);
        Files.deleteIfExists(content.resolve(titleId));
    }

    /** The version directory name the title's live link points at, if any. */
    public Optional<String> liveVersion(String titleId) {
        Path link = content.resolve(titleId);
        try {
            return Optional.of(Files.readSymbolicLink(link).getFileName().toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ContentFile> find(String titleId, String relativePath) {
        if (!ContentStore.safeName(titleId)) return Optional.empty();
        Path file = content.resolve(titleId);
        for (String part : relativePath.split("/", -1)) {
            if (!ContentStore.safeName(part)) return Optional.empty();
            file = file.resolve(part);
        }
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) return Optional.empty();
            return Optional.of(
                    ContentFile.of(file, a.size(), a.lastModifiedTime().toInstant()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public void recover() {
        try (Stream<Path> left = Files.list(staging)) {
            left.forEach(p -> {
                LOG.infof("removing staging left by an interrupted ingest: %s", p.getFileName());
                deleteTree(p);
            });
        } catch (IOException e) {
            LOG.warn("cannot list staging directory", e);
        }
        try (Stream<Path> titles = Files.list(versions)) {
            titles.forEach(this::dropUnlinkedVersions);
        } catch (IOException e) {
            LOG.warn("cannot list versions directory", e);
        }
        try (Stream<Path> links = Files.list(content)) {
            links.filter(p -> p.getFileName().toString().startsWith(".")).forEach(FileSystemContentStore::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot list content directory", e);
        }
    }

    private void dropUnlinkedVersions(Path titleDir) {
        String titleId = titleDir.getFileName().toString();
        Optional<String> live = liveVersion(titleId);
        // A crash between "move into versions/" and "swap link" leaves a version nobody points at. Without a live link
        // there is nothing to keep (an unpublished title keeps its last version: recorded by the catalogue's relink).
        if (live.isEmpty()) return;
        try (Stream<Path> vs = Files.list(titleDir)) {
            long count = vs.count();
            if (count <= 2) return;
        } catch (IOException e) {
            return;
        }
        try (Stream<Path> vs = Files.list(titleDir)) {
            vs.sorted(Comparator.comparing(this::mtime).reversed())
                    .skip(2)
                    .filter(p -> !p.getFileName().toString().equals(live.get()))
                    .forEach(FileSystemContentStore::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot clean versions of " + titleId, e);
        }
    }

    private long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void requireSafe(String name) {
        if (!ContentStore.safeName(name)) throw new IllegalArgumentException("unsafe name: " + name);
    }

    public static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isSymbolicLink(root)) {
            try {
                Files.deleteIfExists(root);
            } catch (IOException e) {
                LOG.warn("cannot delete " + root, e);
            }
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    LOG.warn("cannot delete " + p, e);
                }
            });
        } catch (IOException e) {
            LOG.warn("cannot delete " + root, e);
        }
    }
}
