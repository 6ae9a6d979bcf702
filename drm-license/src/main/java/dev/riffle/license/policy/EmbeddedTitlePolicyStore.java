package dev.riffle.license.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/** Title policies in memory, optionally written to a JSON file (rewritten atomically on each change). */
public final class EmbeddedTitlePolicyStore implements TitlePolicyStore {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<Path> file;
    private final Map<String, TitlePolicy> policies = new TreeMap<>();

    public EmbeddedTitlePolicyStore(Optional<Path> file) {
        this.file = file;
        file.ifPresent(this::load);
    }

    @Override
    public synchronized void put(TitlePolicy policy) {
        policies.put(policy.titleId(), policy);
        file.ifPresent(this::save);
    }

    @Override
    public synchronized Optional<TitlePolicy> find(String titleId) {
        return Optional.ofNullable(policies.get(titleId));
    }

    private void load(Path f) {
        if (!Files.exists(f)) {
            return;
        }
        try {
            for (JsonNode n : JSON.readTree(f.toFile())) {
                Set<String> territories = new HashSet<>();
                n.path("territories").forEach(t -> territories.add(t.asText()));
                TitlePolicy p = new TitlePolicy(
                        n.path("titleId").asText(),
                        Plan.parse(n.path("requiredPlan").asText()).orElseThrow(),
                        territories,
                        instant(n.path("availableFrom")),
                        instant(n.path("availableUntil")),
                        n.path("sizeBytes").isIntegralNumber()
                                ? OptionalLong.of(n.path("sizeBytes").asLong())
                                : OptionalLong.empty());
                policies.put(p.titleId(), p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy store " + f, e);
        }
    }

    private static Optional<Instant> instant(JsonNode n) {
        return n.isTextual() ? Optional.of(Instant.parse(n.asText())) : Optional.empty();
    }

    private void save(Path f) {
        ArrayNode all = JSON.createArrayNode();
        for (TitlePolicy p : policies.values()) {
            ObjectNode n = all.addObject();
            n.put("titleId", p.titleId());
            n.put("requiredPlan", p.requiredPlan().wire());
            ArrayNode t = n.putArray("territories");
            p.territories().stream().sorted().forEach(t::add);
            p.availableFrom().ifPresent(i -> n.put("availableFrom", i.toString()));
            p.availableUntil().ifPresent(i -> n.put("availableUntil", i.toString()));
            p.sizeBytes().ifPresent(b -> n.put("sizeBytes", b));
        }
        try {
            Path abs = f.toAbsolutePath();
            Files.createDirectories(abs.getParent());
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), all);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write policy store " + f, e);
        }
    }
}
