package dev.riffle.origin.catalog;

import dev.riffle.origin.config.OriginConfig;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Operator-supplied files beside a title: {@code assets/{titleId}/poster} and {@code subtitles/{lang}.vtt}. */
@ApplicationScoped
public class AssetStore {
    private final Path root;

    @Inject
    public AssetStore(OriginConfig config) {
        this.root = config.dataDir().resolve("assets");
    }

    public Path poster(String titleId) {
        return root.resolve(titleId).resolve("poster");
    }

    /** Streams a file in with a size cap, replacing the old one atomically. */
    public void write(Path target, InputStream body, long maxBytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = body.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) throw ProblemException.tooLarge("file is larger than " + maxBytes + " bytes");
                out.write(buf, 0, n);
            }
            if (total == 0) throw ProblemException.badRequest("empty-body", "the request body is empty");
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public Path subtitle(String titleId, String language) {
        return root.resolve(titleId).resolve("subtitles").resolve(language + ".vtt");
    }

    /** Language → file, sorted by language. */
    public Map<String, Path> subtitles(String titleId) {
        Map<String, Path> out = new TreeMap<>();
        Path dir = root.resolve(titleId).resolve("subtitles");
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".vtt")).forEach(p -> {
                String n = p.getFileName().toString();
                out.put(n.substring(0, n.length() - 4), p);
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    public Optional<Path> existing(Path p) {
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
