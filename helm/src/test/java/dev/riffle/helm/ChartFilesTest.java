package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Helm can only package files inside the chart, so deploy/ files the chart ships are copied into riffle/files/. These
 * tests keep the copies and the Dockerfiles in step with what they mirror.
 */
class ChartFilesTest {

    @Test
    void dashboardAndAlertRulesAreTheSameAsInDeploy() throws IOException {
        assertThat(Files.readString(Charts.CHART.resolve("files/riffle-tracker.json")))
                .as("copy deploy/grafana/riffle-tracker.json to helm/riffle/files/")
                .isEqualTo(Files.readString(Charts.REPOSITORY.resolve("deploy/grafana/riffle-tracker.json")));
        assertThat(Files.readString(Charts.CHART.resolve("files/tracker-rules.yml")))
                .as("copy deploy/prometheus/tracker-rules.yml to helm/riffle/files/")
                .isEqualTo(Files.readString(Charts.REPOSITORY.resolve("deploy/prometheus/tracker-rules.yml")));
    }

    @Test
    void theChartEdgeKeepsEveryCachingRuleOfTheDeployNginxConfig() throws IOException {
        List<String> chartLines = directives(Charts.CHART.resolve("files/riffle-edge.conf.tpl"));
        for (String line : directives(Charts.REPOSITORY.resolve("deploy/nginx/riffle-edge.conf"))) {
            if ((line.startsWith("location") || line.startsWith("proxy_cache") || line.startsWith("slice"))
                    && !line.startsWith("proxy_cache_path")) {
                assertThat(chartLines)
                        .as("helm/riffle/files/riffle-edge.conf.tpl")
                        .contains(line);
            }
        }
    }

    @Test
    void eachServiceImageExposesTheChartPortAndRunsAsTheChartUser() throws IOException {
        Map<String, Integer> ports = Map.of("origin-server", 8081, "drm-license", 8082, "tracker-service", 8083);
        int user = Charts.readYaml(Charts.CHART.resolve("values.yaml"))
                .at("/podSecurityContext/runAsUser")
                .asInt();
        for (Map.Entry<String, Integer> service : ports.entrySet()) {
            Path dockerfile = Charts.REPOSITORY.resolve("deploy/docker/" + service.getKey() + ".Dockerfile");
            String text = Files.readString(dockerfile);
            assertThat(text).as(dockerfile.toString()).contains("EXPOSE " + service.getValue());
            assertThat(text).as(dockerfile.toString()).contains("USER " + user);
            assertThat(text).as(dockerfile.toString()).contains(service.getKey() + "/target/quarkus-app/");
        }
        assertThat(Files.readString(Charts.REPOSITORY.resolve("deploy/docker/origin-server.Dockerfile")))
                .contains("ffmpeg");
        // measured cheaper per announce than G1 (docs/benchmarks.md); ./riffle tracker starts it the same way
        assertThat(Files.readString(Charts.REPOSITORY.resolve("deploy/docker/tracker-service.Dockerfile")))
                .contains("\"-XX:+UseParallelGC\"");
        assertThat(Files.readString(Charts.REPOSITORY.resolve("riffle"))).contains("-XX:+UseParallelGC");
    }

    /** Directive lines without comments, indentation or trailing spaces. */
    private static List<String> directives(Path conf) throws IOException {
        return Files.readAllLines(conf).stream()
                .map(l -> l.replaceAll("#.*$", "").strip())
                .filter(l -> !l.isEmpty())
                .toList();
    }
}
