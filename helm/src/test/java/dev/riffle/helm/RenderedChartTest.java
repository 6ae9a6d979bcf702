package dev.riffle.helm;

import static dev.riffle.helm.Rendered.containers;
import static dev.riffle.helm.Rendered.elements;
import static dev.riffle.helm.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules every rendering must follow, checked on the defaults and on the production-like example values. */
class RenderedChartTest {

    static final List<String> QUARKUS_SERVICES = List.of("origin-server", "drm-license", "tracker-service");
    private static final Pattern SECRET_LOOKING = Pattern.compile("(?i).*(PASSWORD|SECRET|KEK|USERNAME|TOKEN)$");

    static Stream<Arguments> renderings() {
        return Stream.of(
                Arguments.of("defaults", Charts.render()),
                Arguments.of("production example", Charts.render(Charts.PRODUCTION_VALUES, Map.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyQuarkusServiceIsProbedOnItsHealthEndpoints(String name, Rendered rendered) {
        for (String service : QUARKUS_SERVICES) {
            JsonNode container =
                    containers(rendered.get("Deployment", "riffle-" + service)).get(0);
            assertThat(container.at("/livenessProbe/httpGet/path").asText())
                    .as(service)
                    .isEqualTo("/q/health/live");
            assertThat(container.at("/readinessProbe/httpGet/path").asText())
                    .as(service)
                    .isEqualTo("/q/health/ready");
            assertThat(container.at("/startupProbe/httpGet/path").asText())
                    .as(service)
                    .isEqualTo("/q/health/started");
            for (String probe : new String[] {"liveness", "readiness", "startup"}) {
                assertThat(container.at("/" + probe + "Probe/httpGet/port").asText())
                        .as("%s %s probe: health is on the management port", service, probe)
                        .isEqualTo("management");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyDeploymentHasProbesLimitsAndRunsAsNonRootOnAReadOnlyRoot(String name, Rendered rendered) {
        List<JsonNode> deployments = rendered.ofKind("Deployment");
        // the production example adds coturn
        assertThat(deployments).hasSize(name.equals("defaults") ? 4 : 5);
        for (JsonNode deployment : deployments) {
            String deploymentName = deployment.at("/metadata/name").asText();
            JsonNode pod = deployment.at("/spec/template/spec");
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(deploymentName)
                    .isTrue();
            assertThat(pod.at("/securityContext/runAsUser").asInt())
                    .as(deploymentName)
                    .isPositive();
            for (JsonNode container : containers(deployment)) {
                assertThat(container.has("livenessProbe") && container.has("readinessProbe"))
                        .as("%s probes", deploymentName)
                        .isTrue();
                assertThat(container.at("/resources/limits/cpu").isMissingNode())
                        .as("%s cpu limit", deploymentName)
                        .isFalse();
                assertThat(container.at("/resources/limits/memory").isMissingNode())
                        .as("%s memory limit", deploymentName)
                        .isFalse();
                assertThat(container.at("/resources/requests/memory").isMissingNode())
                        .as("%s memory request", deploymentName)
                        .isFalse();
                assertThat(container
                                .at("/securityContext/readOnlyRootFilesystem")
                                .asBoolean())
                        .as(deploymentName)
                        .isTrue();
                assertThat(container
                                .at("/securityContext/allowPrivilegeEscalation")
                                .asBoolean(true))
                        .as(deploymentName)
                        .isFalse();
                assertThat(elements(container.at("/securityContext/capabilities/drop")))
                        .extracting(JsonNode::asText)
                        .as(deploymentName)
                        .contains("ALL");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void noSecretValueIsRenderedInline(String name, Rendered rendered) {
        assertThat(rendered.ofKind("Secret")).as("the chart creates no Secret").isEmpty();
        for (JsonNode deployment : rendered.ofKind("Deployment")) {
            for (JsonNode container : containers(deployment)) {
                for (JsonNode variable : elements(container.path("env"))) {
                    String variableName = variable.path("name").asText();
                    if (SECRET_LOOKING.matcher(variableName).matches()) {
                        assertThat(variable.has("value")).as(variableName).isFalse();
                        assertThat(variable.at("/valueFrom/secretKeyRef/name").asText())
                                .as(variableName)
                                .isNotEmpty();
                    }
                }
            }
        }
        for (JsonNode configMap : rendered.ofKind("ConfigMap")) {
            configMap.path("data").fieldNames().forEachRemaining(key -> assertThat(key)
                    .doesNotMatch(SECRET_LOOKING));
        }
        // The development client secret of deploy/keycloak/riffle-realm.json must never reach a cluster.
        assertThat(rendered.yaml()).doesNotContain("riffle-origin-secret");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void everyServiceRunsTheProductionProfileAgainstKeycloakPostgresAndItsKek(String name, Rendered rendered) {
        JsonNode common = rendered.get("ConfigMap", "riffle-common").path("data");
        assertThat(common.path("QUARKUS_PROFILE").asText()).isEqualTo("production");
        assertThat(common.path("QUARKUS_HTTP_HOST").asText()).isEqualTo("0.0.0.0");
        assertThat(common.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText()).endsWith("/realms/riffle");
        assertThat(common.path("RIFFLE_OIDC_ISSUER").asText())
                .isEqualTo(common.path("QUARKUS_OIDC_AUTH_SERVER_URL").asText());
        for (String service : QUARKUS_SERVICES) {
            JsonNode container =
                    containers(rendered.get("Deployment", "riffle-" + service)).get(0);
            assertThat(container.at("/envFrom/0/configMapRef/name").asText())
                    .as(service)
                    .isEqualTo("riffle-common");
        }

        JsonNode license =
                containers(rendered.get("Deployment", "riffle-drm-license")).get(0);
        assertThat(env(license, "QUARKUS_DATASOURCE_JDBC_URL").path("value").asText())
                .startsWith("jdbc:postgresql://");
        assertThat(env(license, "QUARKUS_DATASOURCE_PASSWORD")
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo("riffle-postgresql");
        assertThat(env(license, "QUARKUS_DATASOURCE_USERNAME")
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo("riffle-postgresql");
        assertThat(env(license, "RIFFLE_LICENSE_KEYS_KEK")
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo("riffle-license-kek");

        JsonNode origin =
                containers(rendered.get("Deployment", "riffle-origin-server")).get(0);
        assertThat(env(origin, "QUARKUS_OIDC_CLIENT_CREDENTIALS_SECRET")
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo("riffle-origin-client");
        assertThat(env(origin, "RIFFLE_ORIGIN_SIGNING_KEK")
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo("riffle-origin-signing-kek");
        JsonNode tracker =
                containers(rendered.get("Deployment", "riffle-tracker-service")).get(0);
        assertThat(env(tracker, "RIFFLE_TRACKER_STATS_LICENSE_URL")
                        .path("value")
                        .asText())
                .isEqualTo("http://riffle-drm-license:8082");
        assertThat(env(origin, "RIFFLE_ORIGIN_LICENSE_URL").path("value").asText())
                .isEqualTo("http://riffle-drm-license:8082");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void trackerReplicasShareOneRedisWithDrmLicense(String name, Rendered rendered) {
        JsonNode tracker = rendered.get("Deployment", "riffle-tracker-service");
        assertThat(rendered.minReplicas("riffle-tracker-service")).isGreaterThanOrEqualTo(2);
        JsonNode container = containers(tracker).get(0);
        assertThat(env(container, "RIFFLE_TRACKER_STORE_KIND").path("value").asText())
                .isEqualTo("redis");

        JsonNode trackerRedis = env(container, "RIFFLE_TRACKER_STORE_REDIS_URI").path("valueFrom");
        JsonNode licenseRedis = env(
                        containers(rendered.get("Deployment", "riffle-drm-license"))
                                .get(0),
                        "RIFFLE_LICENSE_SESSIONS_REDIS_URI")
                .path("valueFrom");
        assertThat(trackerRedis.isMissingNode()).isFalse();
        assertThat(licenseRedis).isEqualTo(trackerRedis);
        assertThat(rendered.find("PodDisruptionBudget", "riffle-tracker-service"))
                .isPresent();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void originKeepsItsContentStoreOnAVolumeAndFindsFfmpeg(String name, Rendered rendered) {
        JsonNode origin = rendered.get("Deployment", "riffle-origin-server");
        assertThat(origin.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(origin.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        JsonNode container = containers(origin).get(0);
        String dataDir = env(container, "RIFFLE_ORIGIN_DATA_DIR").path("value").asText();
        assertThat(elements(container.path("volumeMounts")))
                .anyMatch(m -> m.path("name").asText().equals("content")
                        && m.path("mountPath").asText().equals(dataDir));
        String claim = elements(origin.at("/spec/template/spec/volumes")).stream()
                .filter(v -> v.path("name").asText().equals("content"))
                .findFirst()
                .orElseThrow()
                .at("/persistentVolumeClaim/claimName")
                .asText();
        assertThat(rendered.find("PersistentVolumeClaim", claim)).isPresent();
        assertThat(env(container, "RIFFLE_ORIGIN_FFMPEG_PATH").path("value").asText())
                .isEqualTo("/usr/bin/ffmpeg");
        assertThat(env(container, "RIFFLE_ORIGIN_FFMPEG_PROBE_PATH")
                        .path("value")
                        .asText())
                .isEqualTo("/usr/bin/ffprobe");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void podsAreAnnotatedForPrometheusOnTheManagementPort(String name, Rendered rendered) {
        for (String service : QUARKUS_SERVICES) {
            JsonNode deployment = rendered.get("Deployment", "riffle-" + service);
            JsonNode annotations = deployment.at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/scrape").asText()).isEqualTo("true");
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/q/metrics");
            JsonNode management = null;
            for (JsonNode port : elements(containers(deployment).get(0).path("ports"))) {
                if (port.path("name").asText().equals("management")) management = port;
            }
            assertThat(management).as("%s management port", service).isNotNull();
            assertThat(annotations.path("prometheus.io/port").asInt())
                    .isEqualTo(management.path("containerPort").asInt())
                    .isNotEqualTo(containers(deployment)
                            .get(0)
                            .at("/ports/0/containerPort")
                            .asInt());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void theManagementInterfaceListensInThePodButIsNeverRouted(String name, Rendered rendered) {
        JsonNode common = rendered.get("ConfigMap", "riffle-common").path("data");
        assertThat(common.path("QUARKUS_MANAGEMENT_HOST").asText()).isEqualTo("0.0.0.0");
        assertThat(common.path("QUARKUS_MANAGEMENT_PORT").asText()).isEqualTo("9000");
        for (JsonNode ingress : rendered.ofKind("Ingress")) {
            for (JsonNode rule : elements(ingress.at("/spec/rules"))) {
                for (JsonNode path : elements(rule.at("/http/paths"))) {
                    assertThat(path.at("/backend/service/port/number").asInt())
                            .as("ingress backend of %s", rule.path("host").asText())
                            .isNotEqualTo(9000);
                }
            }
        }
    }
}
