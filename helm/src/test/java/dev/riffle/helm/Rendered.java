package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/** The manifests of one {@code helm template} run, with look-ups the tests share. */
record Rendered(String yaml, List<JsonNode> documents) {

    static Rendered parse(String yaml) {
        return new Rendered(yaml, List.copyOf(Charts.parseDocuments(yaml)));
    }

    List<JsonNode> ofKind(String kind) {
        return documents.stream()
                .filter(d -> kind.equals(d.path("kind").asText()))
                .toList();
    }

    Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream()
                .filter(d -> name.equals(d.path("metadata").path("name").asText()))
                .findFirst();
    }

    JsonNode get(String kind, String name) {
        Optional<JsonNode> found = find(kind, name);
        assertThat(found).as("%s %s is rendered", kind, name).isPresent();
        return found.orElseThrow();
    }

    static List<JsonNode> containers(JsonNode workload) {
        return elements(workload.path("spec").path("template").path("spec").path("containers"));
    }

    /** The container's {@code env} entry with that name, or a missing node. */
    static JsonNode env(JsonNode container, String name) {
        return elements(container.path("env")).stream()
                .filter(e -> name.equals(e.path("name").asText()))
                .findFirst()
                .orElse(com.fasterxml.jackson.databind.node.MissingNode.getInstance());
    }

    static List<JsonNode> elements(JsonNode array) {
        return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
    }

    /** The fewest pods a Deployment runs: its replicas, or its HorizontalPodAutoscaler's minimum when one scales it. */
    int minReplicas(String deployment) {
        JsonNode replicas = get("Deployment", deployment).at("/spec/replicas");
        if (!replicas.isMissingNode()) return replicas.asInt();
        return get("HorizontalPodAutoscaler", deployment)
                .at("/spec/minReplicas")
                .asInt();
    }
}
