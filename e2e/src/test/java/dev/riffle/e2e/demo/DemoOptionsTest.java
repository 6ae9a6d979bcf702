package dev.riffle.e2e.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {
    @Test
    void defaultsAreEightViewersOfAThirtySecondClip() {
        DemoOptions o = DemoOptions.parse();
        assertThat(o.viewers()).isEqualTo(8);
        assertThat(o.seconds()).isEqualTo(30);
        assertThat(o.input()).isEmpty();
        assertThat(o.json()).isEmpty();
        assertThat(o.keepRunning()).isFalse();
        assertThat(o.redis()).isEmpty();
        assertThat(o.keycloak()).isEmpty();
        assertThat(o.help()).isFalse();
        assertThat(o.player()).isEqualTo(dev.riffle.e2e.platform.PlayerKind.MODEL);
    }

    @Test
    void aPlayerIsNamedByItsFlagAndAnUnknownOneIsRefused() {
        assertThat(DemoOptions.parse("--player", "model").player()).isEqualTo(dev.riffle.e2e.platform.PlayerKind.MODEL);
        assertThatThrownBy(() -> DemoOptions.parse("--player", "winamp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("model, ffmpeg-re, ffmpeg, mpv, vlc, hlsjs");
    }

    @Test
    void readsEveryFlagSeparatedOrWithEquals() {
        DemoOptions o = DemoOptions.parse(
                "--viewers",
                "3",
                "--seconds=12",
                "--json",
                "out/s.json",
                "--keep-running",
                "--redis",
                "127.0.0.1:6379",
                "--keycloak=http://127.0.0.1:8180/realms/riffle/",
                "--input",
                "a.mp4",
                "--stagger",
                "0.5",
                "--plain");
        assertThat(o.viewers()).isEqualTo(3);
        assertThat(o.seconds()).isEqualTo(12);
        assertThat(o.json()).contains(Path.of("out/s.json"));
        assertThat(o.keepRunning()).isTrue();
        assertThat(o.redis()).contains("127.0.0.1:6379");
        assertThat(o.keycloak()).contains(URI.create("http://127.0.0.1:8180/realms/riffle"));
        assertThat(o.input()).contains(Path.of("a.mp4"));
        assertThat(o.staggerSeconds()).isEqualTo(0.5);
        assertThat(o.plain()).isTrue();
        assertThat(DemoOptions.parse("--help").help()).isTrue();
        // ./riffle installs missing packages on --yes; the demo itself accepts and ignores it
        assertThat(DemoOptions.parse("--yes", "--viewers", "2").viewers()).isEqualTo(2);
    }

    @Test
    void badInputIsRefusedWithAMessageNamingTheFlag() {
        assertThatThrownBy(() -> DemoOptions.parse("--viewers", "0")).hasMessageContaining("--viewers");
        assertThatThrownBy(() -> DemoOptions.parse("--viewers", "lots")).hasMessageContaining("--viewers");
        assertThatThrownBy(() -> DemoOptions.parse("--viewers"))
                .hasMessageContaining("Missing required parameter for option '--viewers'");
        assertThatThrownBy(() -> DemoOptions.parse("--seconds", "--json", "x")).hasMessageContaining("--seconds");
        assertThatThrownBy(() -> DemoOptions.parse("--redis", "localhost")).hasMessageContaining("HOST:PORT");
        assertThatThrownBy(() -> DemoOptions.parse("--keycloak", "keycloak")).hasMessageContaining("realm URL");
        assertThatThrownBy(() -> DemoOptions.parse("--frobnicate")).hasMessageContaining("Unknown option");
        assertThatThrownBy(() -> DemoOptions.parse("--plain=maybe")).hasMessageContaining("--plain");
        assertThatThrownBy(() -> DemoOptions.parse("--viewers", "2", "--viewers", "3"))
                .hasMessageContaining("only once");
    }

    @Test
    void liveWatchesWithARealPlayerForAMinuteUnlessToldOtherwise() {
        DemoOptions o = DemoOptions.parse("--live", "--viewers", "6", "--stagger", "0");
        assertThat(o.live()).isTrue();
        assertThat(o.player()).isEqualTo(dev.riffle.e2e.platform.PlayerKind.FFMPEG);
        assertThat(o.seconds()).isEqualTo(60);
        assertThat(DemoOptions.parse().seconds()).isEqualTo(30);
        assertThat(DemoOptions.parse().live()).isFalse();

        assertThatThrownBy(() -> DemoOptions.parse("--live", "--player", "model"))
                .hasMessageContaining("--live needs a real player");
        assertThatThrownBy(() -> DemoOptions.parse("--live", "--input", "film.mp4"))
                .hasMessageContaining("does not take --input");
    }
}
