package dev.riffle.agent.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFileTest {
    private static final AgentSettings BASE = new AgentSettings(2L << 30, 0, false);

    @TempDir
    Path dir;

    @Test
    void savedSettingsAreReadBackAfterARestart() throws Exception {
        var saved = new AgentSettings(512L << 20, 2_000_000, true);
        new SettingsFile(dir).save(saved);
        assertThat(new SettingsFile(dir).load()).contains(saved);
        assertThat(Files.list(dir)).containsExactly(dir.resolve(SettingsFile.NAME));
    }

    @Test
    void withoutAFileTheFlagsApply() {
        assertThat(new SettingsFile(dir).load()).isEmpty();
    }

    @Test
    void aDamagedFileIsIgnoredNotBelieved() throws Exception {
        Files.writeString(dir.resolve(SettingsFile.NAME), "{\"cacheBytes\": -5");
        assertThat(new SettingsFile(dir).load()).isEmpty();
        Files.writeString(dir.resolve(SettingsFile.NAME), "{\"cacheBytes\": 5}");
        assertThat(new SettingsFile(dir).load()).isEmpty();
    }

    @Test
    void aPartialUpdateKeepsTheOtherFields() {
        assertThat(SettingsFile.parse("{\"metered\":true}", BASE)).isEqualTo(new AgentSettings(2L << 30, 0, true));
        assertThat(SettingsFile.parse("{\"uploadBytesPerSec\":1000}", BASE).uploadBytesPerSec())
                .isEqualTo(1000);
    }

    @Test
    void badValuesAreRefusedWithTheirReason() {
        assertThatThrownBy(() -> SettingsFile.parse("[]", BASE)).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> SettingsFile.parse("nope", BASE)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> SettingsFile.parse("{\"cacheBytes\":\"1G\"}", BASE))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> SettingsFile.parse("{\"cacheBytes\":1000}", BASE))
                .hasMessageContaining("64 MiB");
        assertThatThrownBy(() -> SettingsFile.parse("{\"uploadBytesPerSec\":-1}", BASE))
                .hasMessageContaining("uploadBytesPerSec");
        assertThatThrownBy(() -> SettingsFile.parse("{\"metered\":\"yes\"}", BASE))
                .hasMessageContaining("true or false");
    }
}
