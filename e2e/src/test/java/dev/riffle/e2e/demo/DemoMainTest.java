package dev.riffle.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoMainTest {
    @Test
    void badFlagsExitWithUsageErrorAndHelpPrintsTheOptions() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        var o = new PrintStream(out, true, StandardCharsets.UTF_8);
        var e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertThat(DemoMain.run(new String[] {"--viewers", "0"}, o, e, false)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--viewers");
        assertThat(DemoMain.run(new String[] {"--help"}, o, e, false)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--keep-running", "--redis", "--keycloak");
    }
}
