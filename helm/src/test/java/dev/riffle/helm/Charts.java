package dev.riffle.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders the chart in-process with helm-java (Helm compiled into a native library: no cluster, no helm binary). */
final class Charts {
    /** Surefire runs with the module directory as working directory. */
    static final Path MODULE = Path.of("").toAbsolutePath();

    static final Path CHART = MODULE.resolve("riffle");
    static final Path PRODUCTION_VALUES = MODULE.resolve("values-production.example.yaml");
    static final Path REPOSITORY = MODULE.getParent();
    static final String RELEASE = "riffle";
    static final String NAMESPACE = "video";
    /** Helm's offline default is 1.20, older than the chart's kubeVersion floor. */
    static final String KUBE_VERSION = "1.31.0";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Charts() {}

    /** Renders with the chart's defaults, optionally a values file, then {@code --set} pairs applied in order. */
    static Rendered render(Path valuesFile, Map<String, Object> sets) {
        return Rendered.parse(template(CHART, valuesFile, sets));
    }

    static Rendered render() {
        return render(null, Map.of());
    }

    static String template(Path chart, Path valuesFile, Map<String, Object> sets) {
        TemplateCommand command = new Helm(chart)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valuesFile != null) {
            command = command.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, Object> set : sets.entrySet()) {
            command = command.set(set.getKey(), set.getValue());
        }
        return command.call();
    }

    static List<JsonNode> parseDocuments(String yaml) {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            for (var it = YAML.readValues(parser, JsonNode.class); it.hasNext(); ) {
                JsonNode document = it.next();
                // "---" separators around empty templates give null documents.
                if (document != null && !document.isNull() && !document.isMissingNode()) {
                    documents.add(document);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
