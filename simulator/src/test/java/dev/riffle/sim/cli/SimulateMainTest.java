package dev.riffle.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SimulateMainTest {
    private static final Path OUT = Path.of("target", "simulate-main-test");

    @Test
    void anUnknownScenarioOrABadNumberExitsWith2() {
        assertThat(SimulateMain.run(new String[] {"no-such-scenario", "--no-progress"}))
                .isEqualTo(2);
        assertThat(SimulateMain.run(new String[] {"small-isp", "--viewers", "lots"}))
                .isEqualTo(2);
        assertThat(SimulateMain.run(new String[] {"small-isp", "--viewers", "0", "--no-progress"}))
                .isEqualTo(2);
        assertThat(SimulateMain.run(new String[] {"small-isp", "--cache-mb", "0", "--no-progress"}))
                .isEqualTo(2);
        assertThat(SimulateMain.run(new String[] {"small-isp", "--seed-after-watch", "-1", "--no-progress"}))
                .isEqualTo(2);
    }

    @Test
    void aSmallRunWritesTheSummaryWithExactlyTheIssuesKeysAndTheCsvAndPlots() throws Exception {
        Path json = OUT.resolve("out.json");
        int code = SimulateMain.run(new String[] {
            "small-isp",
            "--viewers",
            "200",
            "--duration",
            "600",
            "--no-progress",
            "--json",
            json.toString(),
            "--csv",
            OUT.resolve("csv").toString(),
            "--plots",
            OUT.resolve("plots").toString()
        });
        assertThat(code).isZero();
        var tree = new ObjectMapper().readTree(json.toFile());
        var keys = new java.util.ArrayList<String>();
        tree.fieldNames().forEachRemaining(keys::add);
        assertThat(keys)
                .containsExactly(
                        "offloadRatio",
                        "cdnPeakGbps",
                        "cdnOnlyPeakGbps",
                        "intraIspShare",
                        "stallRatio",
                        "cdnOnlyStallRatio",
                        "viewers",
                        "simSeconds",
                        "wallSeconds");
        assertThat(tree.get("viewers").asInt()).isEqualTo(200);
        assertThat(Files.readAllLines(OUT.resolve("csv/timeseries.csv")).get(0)).startsWith("second,");
        assertThat(OUT.resolve("plots/small-isp-offload.png")).isNotEmptyFile();
        assertThat(OUT.resolve("plots/small-isp-popularity.png")).isNotEmptyFile();
    }
}
