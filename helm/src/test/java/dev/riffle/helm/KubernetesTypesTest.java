package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object the chart renders is a valid Kubernetes API object: it parses into fabric8's typed model of its
 * apiVersion and kind, with no field the type lacks and no value of the wrong type.
 */
class KubernetesTypesTest {

    /** Every optional part on: coturn, ingress, the monitoring objects, all three autoscalers with custom metrics. */
    static Map<String, Object> everythingOn() {
        Map<String, Object> sets = new LinkedHashMap<>();
        sets.put("coturn.enabled", true);
        sets.put("ingress.enabled", true);
        sets.put("metrics.serviceMonitor.enabled", true);
        sets.put("metrics.prometheusRule.enabled", true);
        sets.put("metrics.rulesConfigMap.enabled", true);
        sets.put("metrics.grafanaDashboard.enabled", true);
        for (String c : List.of("trackerService", "drmLicense", "edge")) {
            sets.put(c + ".autoscaling.enabled", true);
            sets.put(c + ".autoscaling.custom.enabled", true);
        }
        return sets;
    }

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", Charts.render()),
                Arguments.of("production example", Charts.render(Charts.PRODUCTION_VALUES, Map.of())),
                Arguments.of("everything on", Charts.render(Charts.PRODUCTION_VALUES, everythingOn())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyRenderedObjectIsAKubernetesTypeWithNoUnknownField(String name, Rendered rendered) {
        assertThat(rendered.documents()).isNotEmpty();
        List<String> problems = rendered.documents().stream()
                .flatMap(d -> KubernetesTypes.problems(d).stream())
                .toList();
        assertThat(problems).as(name).isEmpty();
    }

    @Test
    void everythingOnRendersEveryKindTheChartHas() {
        List<String> kinds = Charts.render(Charts.PRODUCTION_VALUES, everythingOn()).documents().stream()
                .map(d -> d.path("kind").asText())
                .distinct()
                .sorted()
                .toList();
        assertThat(kinds)
                .containsExactly(
                        "ConfigMap",
                        "Deployment",
                        "HorizontalPodAutoscaler",
                        "Ingress",
                        "PersistentVolumeClaim",
                        "PodDisruptionBudget",
                        "PrometheusRule",
                        "Service",
                        "ServiceAccount",
                        "ServiceMonitor");
    }

    @Test
    void theCheckFindsAFieldTheTypeDoesNotHave() throws Exception {
        var hpa = Charts.parseDocuments("""
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: x}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: x}
                  minReplicas: 2
                  maxReplicas: 3
                  metrics:
                    - type: Resource
                      resource: {name: cpu, targetAverageUtilization: 70}
                """).get(0);
        assertThat(KubernetesTypes.problems(hpa))
                .singleElement()
                .asString()
                .contains("unknown field(s) [targetAverageUtilization]")
                .contains("metrics[0].resource");
    }

    @Test
    void theCheckFindsAValueOfTheWrongTypeAndAnUnknownKind() throws Exception {
        var deployment = Charts.parseDocuments("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec: {replicas: many}
                """).get(0);
        var unknown = Charts.parseDocuments("""
                apiVersion: example.com/v1
                kind: Widget
                metadata: {name: x}
                """).get(0);
        assertThat(KubernetesTypes.problems(deployment))
                .singleElement()
                .asString()
                .contains("does not parse");
        assertThat(KubernetesTypes.problems(unknown)).singleElement().asString().contains("not a type");
    }
}
