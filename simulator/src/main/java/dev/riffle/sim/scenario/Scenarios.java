package dev.riffle.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Named scenarios and scenario files. A scenario file is JSON holding only what differs from a base: the built-in
 * defaults, or the named scenario in its {@code "extends"} field. Objects merge field by field; lists and values
 * replace. The named scenarios are such files themselves (resources {@code scenarios/<name>.json}).
 */
public final class Scenarios {
    public static final List<String> NAMES = List.of("vod-catalogue", "live-final", "small-isp");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Scenarios() {}

    /** A named scenario, or a file path; bad input is a {@link ScenarioException} with a one-line reason. */
    public static Scenario load(String nameOrPath) {
        if (NAMES.contains(nameOrPath) || nameOrPath.equals("defaults")) return build(named(nameOrPath));
        Path file = Path.of(nameOrPath);
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException("unknown scenario '" + nameOrPath + "': name one of " + String.join(", ", NAMES)
                    + " or a JSON file");
        }
        JsonNode own;
        try {
            own = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new ScenarioException(
                    file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (!(own instanceof ObjectNode obj)) throw new ScenarioException(file + ": a scenario is a JSON object");
        String base = obj.has("extends") ? obj.remove("extends").asText() : "defaults";
        if (!NAMES.contains(base) && !base.equals("defaults")) {
            throw new ScenarioException(file + ": extends '" + base + "', which is not one of " + NAMES);
        }
        if (!obj.has("name")) obj.put("name", file.getFileName().toString().replaceFirst("\\.json$", ""));
        return build(merge(named(base), obj), file.toString());
    }

    /** The scenario {@code name} as a JSON tree, merged over the defaults. */
    private static ObjectNode named(String name) {
        ObjectNode defaults = resource("defaults");
        return name.equals("defaults") ? defaults : merge(defaults, resource(name));
    }

    private static ObjectNode resource(String name) {
        try (InputStream in = Scenarios.class.getResourceAsStream("/scenarios/" + name + ".json")) {
            if (in == null) throw new IllegalStateException("scenario resource missing: " + name);
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("scenario resource unreadable: " + name, e);
        }
    }

    /** {@code over} merged into a copy of {@code base}: objects field by field, anything else replaced. */
    static ObjectNode merge(ObjectNode base, ObjectNode over) {
        ObjectNode out = base.deepCopy();
        over.fields().forEachRemaining(e -> {
            JsonNode mine = out.get(e.getKey());
            if (mine instanceof ObjectNode m && e.getValue() instanceof ObjectNode o) {
                out.set(e.getKey(), merge(m, o));
            } else {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    private static Scenario build(ObjectNode tree) {
        return build(tree, "scenario " + tree.path("name").asText());
    }

    private static Scenario build(ObjectNode tree, String where) {
        try {
            return JSON.treeToValue(tree, Scenario.class);
        } catch (UnrecognizedPropertyException e) {
            throw new ScenarioException(where + ": unknown field '" + e.getPropertyName() + "' at " + path(e));
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae)
                throw new ScenarioException(where + ": " + iae.getMessage());
            throw new ScenarioException(where + ": bad value at " + path(e) + " (" + e.getOriginalMessage() + ")");
        } catch (JsonProcessingException e) {
            throw new ScenarioException(where + ": " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(where + ": " + e.getMessage());
        }
    }

    private static String path(com.fasterxml.jackson.databind.JsonMappingException e) {
        var sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            else sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.isEmpty() ? "top level" : sb.toString();
    }
}
