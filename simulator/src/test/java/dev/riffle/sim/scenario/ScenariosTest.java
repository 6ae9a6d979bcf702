package dev.riffle.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScenariosTest {
    private static final Path DIR = Path.of("target", "scenario-test");

    @Test
    void theNamedScenariosLoad() {
        assertThat(Scenarios.load("vod-catalogue").catalogue().titles()).isEqualTo(5_000);
        assertThat(Scenarios.load("live-final").viewers()).isEqualTo(100_000);
        assertThat(Scenarios.load("live-final").arrivals().windowSeconds()).isEqualTo(120);
        assertThat(Scenarios.load("small-isp").audience().isps()).hasSize(3);
    }

    @Test
    void aFileChangesOnlyWhatItNamesOverItsBase() throws Exception {
        Path f = write("mine.json", "{\"extends\": \"live-final\", \"viewers\": 500, \"cdn\": {\"edgeGbps\": 10}}");
        Scenario s = Scenarios.load(f.toString());
        assertThat(s.name()).isEqualTo("mine");
        assertThat(s.viewers()).isEqualTo(500);
        assertThat(s.cdn().edgeGbps()).isEqualTo(10);
        assertThat(s.catalogue().live()).isTrue();
    }

    @Test
    void badInputIsOneLineNamingWhatIsWrong() throws Exception {
        assertThatThrownBy(() -> Scenarios.load("nope"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("unknown scenario 'nope'");
        Path broken = write("broken.json", "{\"viewers\": ");
        assertThatThrownBy(() -> Scenarios.load(broken.toString())).hasMessageContaining("not valid JSON");
        Path unknown = write("unknown.json", "{\"agents\": {\"colour\": 1}}");
        assertThatThrownBy(() -> Scenarios.load(unknown.toString())).hasMessageContaining("unknown field 'colour'");
        Path negative = write("negative.json", "{\"viewers\": -3}");
        assertThatThrownBy(() -> Scenarios.load(negative.toString())).hasMessageContaining("viewers must be");
        Path wrongType = write("type.json", "{\"viewers\": \"many\"}");
        assertThatThrownBy(() -> Scenarios.load(wrongType.toString())).isInstanceOf(ScenarioException.class);
    }

    private static Path write(String name, String text) throws Exception {
        Files.createDirectories(DIR);
        Path f = DIR.resolve(name);
        Files.writeString(f, text);
        return f;
    }
}
