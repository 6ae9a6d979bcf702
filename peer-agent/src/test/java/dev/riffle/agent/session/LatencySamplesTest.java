package dev.riffle.agent.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
    @Test
    void quantilesAreNearestRankOverTheNewestSamples() {
        var l = new LatencySamples();
        assertThat(l.quantileMillis(0.5)).isEqualTo(-1);
        for (long ms = 1; ms <= 100; ms++) l.record(ms * 10);

        assertThat(l.quantileMillis(0.5)).isEqualTo(500);
        assertThat(l.quantileMillis(0.95)).isEqualTo(950);
        assertThat(l.quantileMillis(0)).isEqualTo(10);
        assertThat(l.quantileMillis(1)).isEqualTo(1000);
        assertThat(l.count()).isEqualTo(100);
        assertThat(l.sumMillis()).isEqualTo(50_500);
    }

    @Test
    void onlyTheNewestSamplesCountForQuantilesButAllForTheSum() {
        var l = new LatencySamples();
        for (int i = 0; i < 4_096; i++) l.record(60_000); // a long-gone bad start
        for (int i = 0; i < 4_096; i++) l.record(2_000);

        assertThat(l.quantileMillis(0.95)).isEqualTo(2_000);
        assertThat(l.count()).isEqualTo(8_192);
        assertThat(l.sumMillis()).isEqualTo(4_096L * 62_000);
    }

    @Test
    void aQuantileOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new LatencySamples().quantileMillis(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
