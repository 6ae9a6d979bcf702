package dev.riffle.origin.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Records kept in memory and written through to one JSON file each ({@code dir/{id}.json}, written to a temp file then
 * renamed, so a crash leaves the old or the new record, never a torn one). Enough for a catalogue of thousands of
 * titles on one origin; a database can replace it behind the same two stores.
 */
public final class JsonRecordStore<T> {
    private static final Logger LOG = Logger.getLogger(JsonRecordStore.class);

    private final Path dir;
    private final ObjectMapper json;
    private final Class<T> type;
    private final Function<T, String> idOf;
    private final Map<String, T> records = new ConcurrentHashMap<>();

    public JsonRecordStore(Path dir, ObjectMapper json, Class<T> type, Function<T, String> idOf) {
        this.dir = dir;
        this.json = json;
        this.type = type;
        this.idOf = idOf;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().endsWith(".json")).forEach(this::load);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open record store " + dir, e);
        }
    }

    private void load(Path p) {
        try {
            T t = json.readValue(p.toFile(), type);
            records.put(idOf.apply(t), t);
        } catch (IOException e) {
            LOG.warnf("skipping unreadable record %s: %s", p.getFileName(), e.getMessage());
        }
    }

    public Optional<T> get(String id) {
        return Optional.ofNullable(records.get(id));
    }

    /**
     * Reads one record again from its file, for a directory shared with another origin process (which may have
     * created or changed it); empty when there is no such file.
     */
    public Optional<T> refresh(String id) {
        if (!ContentStore.safeName(id)) return Optional.empty();
        Path file = dir.resolve(id + ".json");
        synchronized (this) {
            if (!Files.isRegularFile(file)) return get(id);
            load(file);
            return get(id);
        }
    }

    public Collection<T> all() {
        return records.values();
    }

    public T put(T t) {
        String id = idOf.apply(t);
        synchronized (this) {
            write(id, t);
            records.put(id, t);
        }
        return t;
    }

    /** Atomically (per store) replaces the record; returns the new value, or empty if it does not exist. */
    public Optional<T> update(String id, UnaryOperator<T> change) {
        synchronized (this) {
            T old = records.get(id);
            if (old == null) return Optional.empty();
            T updated = change.apply(old);
            if (updated != old) {
                write(id, updated);
                records.put(id, updated);
            }
            return Optional.of(updated);
        }
    }

    private void write(String id, T t) {
        if (!ContentStore.safeName(id)) throw new IllegalArgumentException("unsafe id " + id);
        Path target = dir.resolve(id + ".json");
        Path tmp = dir.resolve("." + id + ".json.tmp");
        try {
            json.writeValue(tmp.toFile(), t);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write record " + target, e);
        }
    }
}
