package dev.riffle.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartLintTest {

    @Test
    void chartPassesStrictLintWithItsDefaults() {
        LintResult result = new Helm(Charts.CHART).lint().strict().call();

        assertThat(result.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
        assertThat(result.isFailed())
                .as("lint failed: %s", result.getMessages())
                .isFalse();
    }

    @Test
    void strictLintFailsOnATemplateThatCannotRender(@TempDir Path temp) throws IOException {
        Path copy = copyChart(temp);
        Files.writeString(copy.resolve("templates/broken.yaml"), "kind: ConfigMap\ndata: {{ .Values.nope.missing }}\n");

        LintResult result = new Helm(copy).lint().strict().call();

        assertThat(result.isFailed()).isTrue();
        assertThat(String.join("\n", result.getMessages())).contains("broken.yaml");
    }

    private static Path copyChart(Path temp) throws IOException {
        Path target = temp.resolve("riffle");
        try (Stream<Path> files = Files.walk(Charts.CHART)) {
            for (Path source : files.toList()) {
                Path destination =
                        target.resolve(Charts.CHART.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        return target;
    }
}
