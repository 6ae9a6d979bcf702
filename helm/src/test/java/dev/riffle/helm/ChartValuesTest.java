package dev.riffle.helm;

import static dev.riffle.helm.Rendered.containers;
import static dev.riffle.helm.Rendered.elements;
import static dev.riffle.helm.Rendered.env;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What particular values turn into. */
class ChartValuesTest {

    private static final Rendered DEFAULTS = Charts.render();
    private static final Rendered PRODUCTION = Charts.render(Charts.PRODUCTION_VALUES, Map.of());

    @Test
    void imagesDefaultToTheChartAppVersionUnderTheConfiguredRegistry() {
        String appVersion = Charts.readYaml(Charts.CHART.resolve("Chart.yaml"))
                .path("appVersion")
                .asText();
        assertThat(image(DEFAULTS, "tracker-service")).isEqualTo("ghcr.io/riffle/riffle-tracker-service:" + appVersion);
        assertThat(image(PRODUCTION, "origin-server"))
                .isEqualTo("registry.example.com/riffle/riffle-origin-server:0.1.0");
        assertThat(image(PRODUCTION, "drm-license")).isEqualTo("registry.example.com/riffle/riffle-drm-license:0.1.0");
    }

    @Test
    void withoutARedisSecretBothServicesReadTheUrlFromTheCommonConfigMap() {
        assertThat(DEFAULTS.get("ConfigMap", "riffle-common")
                        .at("/data/REDIS_URL")
                        .asText())
                .isEqualTo("redis://redis:6379");
        JsonNode ref = env(
                        containers(DEFAULTS.get("Deployment", "riffle-tracker-service"))
                                .get(0),
                        "RIFFLE_TRACKER_STORE_REDIS_URI")
                .at("/valueFrom/configMapKeyRef");
        assertThat(ref.path("name").asText()).isEqualTo("riffle-common");
        assertThat(ref.path("key").asText()).isEqualTo("REDIS_URL");
        assertThat(DEFAULTS.get("Deployment", "riffle-tracker-service")
                        .at("/spec/replicas")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void aRedisSecretReplacesThePlainUrlEverywhere() {
        assertThat(PRODUCTION
                        .get("ConfigMap", "riffle-common")
                        .at("/data/REDIS_URL")
                        .isMissingNode())
                .isTrue();
        for (String service : new String[] {"tracker-service", "drm-license"}) {
            JsonNode container = containers(PRODUCTION.get("Deployment", "riffle-" + service))
                    .get(0);
            String variable = service.equals("tracker-service")
                    ? "RIFFLE_TRACKER_STORE_REDIS_URI"
                    : "RIFFLE_LICENSE_SESSIONS_REDIS_URI";
            JsonNode ref = env(container, variable).at("/valueFrom/secretKeyRef");
            assertThat(ref.path("name").asText()).as(service).isEqualTo("riffle-redis");
            assertThat(ref.path("key").asText()).as(service).isEqualTo("redis-url");
        }
        assertThat(PRODUCTION.minReplicas("riffle-tracker-service")).isEqualTo(3);
    }

    @Test
    void keyUrisPointAtTheLicenseIngressHostWhenThereIsOne() {
        JsonNode license =
                containers(PRODUCTION.get("Deployment", "riffle-drm-license")).get(0);
        JsonNode origin =
                containers(PRODUCTION.get("Deployment", "riffle-origin-server")).get(0);
        assertThat(env(license, "RIFFLE_LICENSE_PUBLIC_URL").path("value").asText())
                .isEqualTo("https://license.example.com");
        assertThat(env(origin, "RIFFLE_ORIGIN_LICENSE_PUBLIC_URL").path("value").asText())
                .isEqualTo("https://license.example.com");
        JsonNode defaultLicense =
                containers(DEFAULTS.get("Deployment", "riffle-drm-license")).get(0);
        assertThat(env(defaultLicense, "RIFFLE_LICENSE_PUBLIC_URL")
                        .path("value")
                        .asText())
                .as("no ingress: the in-cluster Service")
                .isEqualTo("http://riffle-drm-license:8082");
    }

    @Test
    void theIngressSendsViewersOfTheOriginHostThroughTheEdgeCache() {
        assertThat(DEFAULTS.ofKind("Ingress")).isEmpty();
        JsonNode ingress = PRODUCTION.get("Ingress", "riffle");
        assertThat(ingress.at("/spec/ingressClassName").asText()).isEqualTo("nginx");
        Map<String, String> backends = new java.util.TreeMap<>();
        for (JsonNode rule : elements(ingress.at("/spec/rules"))) {
            backends.put(
                    rule.path("host").asText(),
                    rule.at("/http/paths/0/backend/service/name").asText());
        }
        assertThat(backends)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "watch.example.com", "riffle-edge",
                        "license.example.com", "riffle-drm-license",
                        "tracker.example.com", "riffle-tracker-service"));

        Rendered noEdge = Charts.render(Charts.PRODUCTION_VALUES, Map.of("edge.enabled", false));
        assertThat(noEdge.find("Deployment", "riffle-edge")).isEmpty();
        assertThat(noEdge.get("Ingress", "riffle")
                        .at("/spec/rules/0/http/paths/0/backend/service/name")
                        .asText())
                .isEqualTo("riffle-origin-server");
    }

    @Test
    void theEdgeProxiesToTheOriginServiceAndCachesOnItsOwnVolume() {
        String conf = DEFAULTS.get("ConfigMap", "riffle-edge")
                .at("/data/default.conf")
                .asText();
        assertThat(conf).contains("server riffle-origin-server:8081;");
        assertThat(conf).contains("listen 8080;");
        assertThat(conf).contains("max_size=8g");
        JsonNode edge = DEFAULTS.get("Deployment", "riffle-edge");
        assertThat(elements(containers(edge).get(0).path("volumeMounts")))
                .anyMatch(m -> m.path("mountPath").asText().equals("/var/cache/nginx"));
        assertThat(containers(edge).get(0).at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    }

    @Test
    void monitoringResourcesAppearOnlyWhenAskedFor() throws IOException {
        assertThat(DEFAULTS.ofKind("ServiceMonitor")).isEmpty();
        assertThat(DEFAULTS.ofKind("PrometheusRule")).isEmpty();
        assertThat(DEFAULTS.find("ConfigMap", "riffle-grafana-dashboard")).isEmpty();

        assertThat(PRODUCTION.ofKind("ServiceMonitor")).hasSize(3).allSatisfy(monitor -> {
            assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/q/metrics");
            assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("management");
            assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
        });

        JsonNode deployedRules = Charts.readYaml(Charts.REPOSITORY.resolve("deploy/prometheus/tracker-rules.yml"));
        assertThat(PRODUCTION.get("PrometheusRule", "riffle-tracker-rules").at("/spec/groups"))
                .isEqualTo(deployedRules.path("groups"));

        String dashboard = PRODUCTION
                .get("ConfigMap", "riffle-grafana-dashboard")
                .at("/data/riffle-tracker.json")
                .asText();
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(dashboard))
                .isEqualTo(json.readTree(
                        Files.readString(Charts.REPOSITORY.resolve("deploy/grafana/riffle-tracker.json"))));
        assertThat(PRODUCTION
                        .get("ConfigMap", "riffle-grafana-dashboard")
                        .at("/metadata/labels/grafana_dashboard")
                        .asText())
                .isEqualTo("1");
    }

    @Test
    void anExistingContentClaimIsUsedInsteadOfANewOne() {
        Rendered rendered = Charts.render(null, Map.of("originServer.persistence.existingClaim", "riffle-media"));
        assertThat(rendered.ofKind("PersistentVolumeClaim")).isEmpty();
        assertThat(elements(rendered.get("Deployment", "riffle-origin-server").at("/spec/template/spec/volumes")))
                .anyMatch(v -> v.at("/persistentVolumeClaim/claimName").asText().equals("riffle-media"));
    }

    private static String image(Rendered rendered, String service) {
        return containers(rendered.get("Deployment", "riffle-" + service))
                .get(0)
                .path("image")
                .asText();
    }

    @Test
    void withoutCoturnTheTrackerHandsOutNoIceServers() {
        assertThat(DEFAULTS.find("Deployment", "riffle-coturn")).isEmpty();
        JsonNode tracker =
                containers(DEFAULTS.get("Deployment", "riffle-tracker-service")).get(0);
        assertThat(env(tracker, "RIFFLE_TRACKER_ICE_TURN_URLS").isMissingNode()).isTrue();
    }

    @Test
    void withCoturnTheTrackerMintsCredentialsFromTheSecretCoturnChecksThemWith() {
        JsonNode coturn = PRODUCTION.get("Deployment", "riffle-coturn");
        assertThat(coturn.at("/spec/template/spec/hostNetwork").asBoolean()).isTrue();
        JsonNode turnserver = containers(coturn).get(0);
        assertThat(elements(turnserver.path("args")))
                .extracting(JsonNode::asText)
                .contains("--use-auth-secret", "--static-auth-secret=$(TURN_SECRET)", "--listening-port=3478")
                .contains("--denied-peer-ip=10.0.0.0-10.255.255.255");
        assertThat(env(turnserver, "TURN_SECRET")
                        .at("/valueFrom/secretKeyRef/name")
                        .asText())
                .isEqualTo("riffle-turn-secret");
        JsonNode tracker = containers(PRODUCTION.get("Deployment", "riffle-tracker-service"))
                .get(0);
        assertThat(env(tracker, "RIFFLE_TRACKER_ICE_TURN_URLS").path("value").asText())
                .isEqualTo("turn:turn.example.com:3478?transport=udp,turn:turn.example.com:3478?transport=tcp");
        assertThat(env(tracker, "RIFFLE_TRACKER_ICE_STUN_URLS").path("value").asText())
                .isEqualTo("stun:turn.example.com:3478");
        assertThat(env(tracker, "RIFFLE_TRACKER_ICE_TURN_SECRET")
                        .at("/valueFrom/secretKeyRef")
                        .toString())
                .isEqualTo("{\"name\":\"riffle-turn-secret\",\"key\":\"secret\"}");
    }
}
