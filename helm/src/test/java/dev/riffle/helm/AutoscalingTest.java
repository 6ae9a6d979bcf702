package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** HPAs (autoscaling/v2) and PodDisruptionBudgets for the components that scale out. */
class AutoscalingTest {
    private static final List<String> SCALED = List.of("riffle-tracker-service", "riffle-drm-license", "riffle-edge");

    @Test
    void byDefaultNoAutoscalerRunsAndEachScaledOutComponentHasItsReplicasAndAPdb() {
        Rendered r = Charts.render();
        assertThat(r.ofKind("HorizontalPodAutoscaler")).isEmpty();
        for (String name : SCALED) {
            assertThat(r.get("Deployment", name).at("/spec/replicas").asInt())
                    .as(name)
                    .isEqualTo(2);
            assertThat(r.get("PodDisruptionBudget", name)
                            .at("/spec/maxUnavailable")
                            .asInt())
                    .as(name)
                    .isEqualTo(1);
        }
        assertThat(r.find("PodDisruptionBudget", "riffle-origin-server"))
                .as("one origin replica")
                .isEmpty();
    }

    @Test
    void theProductionExampleScalesTrackerAndLicenseOnCpuAndTheirOwnRatesAndTheEdgeOnCpu() {
        Rendered r = Charts.render(Charts.PRODUCTION_VALUES, Map.of());
        for (String name : SCALED) {
            JsonNode hpa = r.get("HorizontalPodAutoscaler", name);
            assertThat(hpa.path("apiVersion").asText()).isEqualTo("autoscaling/v2");
            assertThat(hpa.at("/spec/scaleTargetRef/kind").asText()).isEqualTo("Deployment");
            assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name);
            assertThat(r.get("Deployment", name).at("/spec/replicas").isMissingNode())
                    .as("%s: replicas left to the HPA", name)
                    .isTrue();
            assertThat(hpa.at("/spec/minReplicas").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(hpa.at("/spec/maxReplicas").asInt())
                    .isGreaterThan(hpa.at("/spec/minReplicas").asInt());
            assertThat(hpa.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
            assertThat(r.get("PodDisruptionBudget", name)
                            .at("/spec/maxUnavailable")
                            .asInt())
                    .isEqualTo(1);
        }
        assertThat(podsMetric(r, "riffle-tracker-service")).containsExactly("riffle_tracker_announces_per_second");
        assertThat(podsMetric(r, "riffle-drm-license")).containsExactly("riffle_license_decisions_per_second");
        assertThat(podsMetric(r, "riffle-edge"))
                .as("nginx exports no metrics here")
                .isEmpty();
    }

    /**
     * The custom metrics are rates of counters the services really register: prometheus-adapter serves
     * {@code X_per_second} from the counter {@code X_total}, which Micrometer registers as {@code X} with dots.
     */
    @Test
    void eachCustomMetricIsTheRateOfACounterItsServiceRegisters() throws IOException {
        Rendered r = Charts.render(Charts.PRODUCTION_VALUES, Map.of());
        Map<String, String> serviceOf =
                Map.of("riffle-tracker-service", "tracker-service", "riffle-drm-license", "drm-license");
        for (Map.Entry<String, String> e : serviceOf.entrySet()) {
            String metric = podsMetric(r, e.getKey()).get(0);
            String counter = metric.replaceFirst("_per_second$", "").replace('_', '.');
            assertThat(sourcesOf(e.getValue()))
                    .as(
                            "%s registers the counter %s (Prometheus %s_total)",
                            e.getValue(), counter, counter.replace('.', '_'))
                    .anySatisfy(text -> assertThat(text).contains("\"" + counter + "\""));
        }
    }

    @Test
    void anAutoscalerNeedsTwoPodsAtLeastAndAMaximumAboveItsMinimum() {
        assertThatThrownBy(() -> Charts.render(
                        null,
                        Map.of(
                                "trackerService.autoscaling.enabled",
                                true,
                                "trackerService.autoscaling.minReplicas",
                                1)))
                .hasMessageContaining("minReplicas");
        assertThatThrownBy(() -> Charts.render(
                        null,
                        Map.of(
                                "drmLicense.autoscaling.enabled", true,
                                "drmLicense.autoscaling.minReplicas", 5,
                                "drmLicense.autoscaling.maxReplicas", 3)))
                .hasMessageContaining("maxReplicas (3) is below minReplicas (5)");
        assertThatThrownBy(() -> Charts.render(null, Map.of("edge.autoscaling.custom.metric", "requests/s")))
                .hasMessageContaining("metric");
        assertThatThrownBy(() -> Charts.render(null, Map.of("edge.autoscaling.cpu", 50)))
                .hasMessageContaining("cpu");
    }

    private static List<String> podsMetric(Rendered r, String name) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : r.get("HorizontalPodAutoscaler", name).at("/spec/metrics"))
            if (m.path("type").asText().equals("Pods"))
                out.add(m.at("/pods/metric/name").asText());
        return out;
    }

    private static List<String> sourcesOf(String module) throws IOException {
        try (Stream<Path> files = Files.walk(Charts.REPOSITORY.resolve(module).resolve("src/main/java"))) {
            List<String> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) out.add(Files.readString(f));
            return out;
        }
    }
}
