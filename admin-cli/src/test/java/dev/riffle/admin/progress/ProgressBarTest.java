package dev.riffle.admin.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void the_bar_fills_in_proportion_and_never_shows_100_before_the_end() {
        assertThat(ProgressBar.render("upload", 0.5, "12.0 MiB / 24.0 MiB"))
                .isEqualTo("upload    [###############...............]  50%  12.0 MiB / 24.0 MiB");
        assertThat(ProgressBar.render("ingest", 0.9999, "publishing"))
                .contains(" 99%")
                .contains("#".repeat(29) + ".");
        assertThat(ProgressBar.render("ingest", 1.0, "")).endsWith("[" + "#".repeat(30) + "] 100%");
        assertThat(ProgressBar.render("x", -3, null)).contains("[" + ".".repeat(30) + "]   0%");
        assertThat(ProgressBar.render("x", Double.NaN, "")).contains("  0%");
        assertThat(ProgressBar.render("x", 7, "")).contains("100%");
    }

    @Test
    void sizes_and_rates_read_in_binary_units() {
        assertThat(ProgressBar.human(0)).isEqualTo("0 B");
        assertThat(ProgressBar.human(1023)).isEqualTo("1023 B");
        assertThat(ProgressBar.human(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressBar.human(24L << 20)).isEqualTo("24.0 MiB");
        assertThat(ProgressBar.human(5L << 40)).isEqualTo("5.0 TiB");
        assertThat(ProgressBar.bytes(1 << 20, 2 << 20)).isEqualTo("1.0 MiB / 2.0 MiB");
        assertThat(ProgressBar.rate(3L << 20, 1_000_000_000L)).isEqualTo("3.0 MiB/s");
        assertThat(ProgressBar.rate(10, 0)).isEmpty();
    }

    @Test
    void logs_get_a_line_per_stage_and_per_ten_percent_while_a_terminal_gets_one_line_redrawn() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressDisplay log = new ProgressDisplay(new PrintStream(buf, true, StandardCharsets.UTF_8), false);
        for (int i = 0; i <= 100; i++) log.show("upload", i / 100.0, i + " B / 100 B", "");
        log.show("ingest", 0.03, "transcoding", "transcoding");
        log.show("ingest", 0.04, "transcoding", "transcoding");
        log.show("ingest", 0.90, "packaging", "packaging");
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(11 + 2);
        assertThat(lines[10]).contains("100%");

        ByteArrayOutputStream tty = new ByteArrayOutputStream();
        ProgressDisplay term = new ProgressDisplay(new PrintStream(tty, true, StandardCharsets.UTF_8), true);
        term.show("upload", 0.1, "a longer detail", "");
        term.show("upload", 0.2, "short", "");
        term.done();
        String s = tty.toString(StandardCharsets.UTF_8);
        assertThat(s.chars().filter(c -> c == '\r')).hasSize(2);
        assertThat(s.chars().filter(c -> c == '\n')).hasSize(1);
        // the shorter line blanks out what is left of the longer one
        String second = s.substring(s.lastIndexOf('\r') + 1, s.length() - 1);
        assertThat(second.length())
                .isEqualTo(ProgressBar.render("upload", 0.1, "a longer detail").length());
    }
}
