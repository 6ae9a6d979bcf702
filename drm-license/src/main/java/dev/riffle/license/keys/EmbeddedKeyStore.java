package dev.riffle.license.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The single-machine key store: a map in memory, optionally appended to a JSON-lines file (one sealed key per line) and
 * read back at startup.
 */
public final class EmbeddedKeyStore implements KeyStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> file;
    private final Map<Kid, SealedKey> byKid = new HashMap<>();
    private final Map<String, SealedKey> byTitleAndLabel = new HashMap<>();

    public EmbeddedKeyStore(Optional<Path> file) {
        this.file = file;
        file.ifPresent(this::load);
    }

    @Override
    public synchronized SealedKey putIfAbsent(SealedKey candidate) {
        SealedKey existing = byTitleAndLabel.get(slot(candidate.titleId(), candidate.label()));
        if (existing != null) {
            return existing;
        }
        if (byKid.containsKey(candidate.kid())) {
            throw new IllegalStateException("kid collision");
        }
        file.ifPresent(f -> append(f, candidate));
        index(candidate);
        return candidate;
    }

    @Override
    public synchronized Optional<SealedKey> findByKid(Kid kid) {
        return Optional.ofNullable(byKid.get(kid));
    }

    @Override
    public synchronized List<SealedKey> findByTitle(String titleId) {
        List<SealedKey> keys = new ArrayList<>();
        for (SealedKey k : byKid.values()) {
            if (k.titleId().equals(titleId)) {
                keys.add(k);
            }
        }
        keys.sort(Comparator.comparing(SealedKey::createdAt).thenComparing(SealedKey::label));
        return keys;
    }

    @Override
    public synchronized List<SealedKey> sealedUnder(Set<String> kekIds, int limit) {
        return byKid.values().stream()
                .filter(k -> kekIds.contains(k.kekId()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized boolean replace(SealedKey old, SealedKey resealed) {
        SealedKey current = byKid.get(old.kid());
        if (current == null
                || !current.kekId().equals(old.kekId())
                || !resealed.kid().equals(old.kid())) {
            return false;
        }
        index(resealed);
        file.ifPresent(this::rewrite);
        return true;
    }

    @Override
    public synchronized Map<String, Long> countByKek() {
        Map<String, Long> counts = new TreeMap<>();
        byKid.values().forEach(k -> counts.merge(k.kekId(), 1L, Long::sum));
        return counts;
    }

    private void index(SealedKey key) {
        byKid.put(key.kid(), key);
        byTitleAndLabel.put(slot(key.titleId(), key.label()), key);
    }

    private static String slot(String titleId, String label) {
        return titleId + "\u0000" + label;
    }

    private void load(Path f) {
        if (!Files.exists(f)) {
            return;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                index(new SealedKey(
                        Kid.parse(n.path("kid").asText()),
                        n.path("titleId").asText(),
                        n.path("label").asText(),
                        Base64.getDecoder().decode(n.path("sealed").asText()),
                        n.path("kekId").asText(),
                        Instant.parse(n.path("createdAt").asText())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key store " + f, e);
        }
    }

    /** The whole file again, written aside and renamed over the old one, so a crash leaves one or the other. */
    private void rewrite(Path f) {
        StringBuilder all = new StringBuilder();
        for (SealedKey k : byKid.values()) all.append(line(k)).append('\n');
        try {
            Path abs = f.toAbsolutePath();
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(
                    tmp,
                    all,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key store " + f, e);
        }
    }

    private static String line(SealedKey key) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("kid", key.kid().value());
        row.put("titleId", key.titleId());
        row.put("label", key.label());
        row.put("sealed", Base64.getEncoder().encodeToString(key.sealed()));
        row.put("kekId", key.kekId());
        row.put("createdAt", key.createdAt().toString());
        try {
            return JSON.writeValueAsString(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path f, SealedKey key) {
        try {
            Files.createDirectories(f.toAbsolutePath().getParent());
            Files.writeString(
                    f,
                    line(key) + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write key store " + f, e);
        }
    }
}
