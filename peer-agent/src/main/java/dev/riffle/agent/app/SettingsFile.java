package dev.riffle.agent.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The subscriber's settings, kept as {@code .settings.json} in the agent's data directory (beside its cache) so they
 * survive a restart. Written to a temporary file and renamed, so a crash leaves the old or the new file, never half.
 */
public final class SettingsFile {
    public static final String NAME = ".settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public SettingsFile(Path dataDir) {
        this.file = dataDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved settings; empty when none were saved, or when the file is not valid (then the flags apply). */
    public Optional<AgentSettings> load() {
        if (!Files.exists(file)) return Optional.empty();
        try {
            return Optional.of(parse(Files.readString(file)));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public void save(AgentSettings s) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.writeString(tmp, write(s));
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static String write(AgentSettings s) {
        return JSON.createObjectNode()
                .put("cacheBytes", s.cacheBytes())
                .put("uploadBytesPerSec", s.uploadBytesPerSec())
                .put("metered", s.metered())
                .toString();
    }

    /**
     * Settings from JSON ({@code {"cacheBytes":…,"uploadBytesPerSec":…,"metered":…}}); a field left out keeps its value
     * in {@code base}. Throws {@link IllegalArgumentException} with the reason for anything else.
     */
    public static AgentSettings parse(String json, AgentSettings base) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("settings are not JSON");
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("settings must be a JSON object");
        return new AgentSettings(
                        number(n, "cacheBytes", base.cacheBytes()),
                        number(n, "uploadBytesPerSec", base.uploadBytesPerSec()),
                        flag(n, "metered", base.metered()))
                .checked();
    }

    static AgentSettings parse(String json) {
        return parse(json, new AgentSettings(AgentSettings.MIN_CACHE_BYTES, 0, false));
    }

    private static long number(JsonNode n, String field, long otherwise) {
        JsonNode v = n.get(field);
        if (v == null) return otherwise;
        if (!v.isIntegralNumber() || !v.canConvertToLong())
            throw new IllegalArgumentException(field + " must be a whole number of bytes");
        return v.asLong();
    }

    private static boolean flag(JsonNode n, String field, boolean otherwise) {
        JsonNode v = n.get(field);
        if (v == null) return otherwise;
        if (!v.isBoolean()) throw new IllegalArgumentException(field + " must be true or false");
        return v.asBoolean();
    }
}
