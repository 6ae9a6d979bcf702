package dev.riffle.agent.player;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.agent.session.Counters;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
    @Test
    void bytesBySourceAndTheOffloadRatioArePrometheusText() {
        var c = new Counters();
        c.bytesFromPeers.set(300);
        c.bytesFromCdn.set(100);
        c.startupMillis.set(1250);
        String text = MetricsText.render(c, 42, 3, 1000);
        assertThat(text)
                .contains("# TYPE riffle_agent_bytes_total counter\n")
                .contains("riffle_agent_bytes_total{source=\"peer\"} 300\n")
                .contains("riffle_agent_bytes_total{source=\"cdn\"} 100\n")
                .contains("riffle_agent_uploaded_bytes_total 42\n")
                .contains("riffle_agent_offload_ratio 0.75\n")
                .contains("riffle_agent_startup_seconds 1.25\n")
                .contains("riffle_agent_peers_connected 3.0\n");
    }

    @Test
    void startupIsMinusOneUntilTheFirstSegment() {
        assertThat(MetricsText.render(new Counters(), 0, 0, 0))
                .contains("riffle_agent_startup_seconds -1.0\n", "riffle_agent_offload_ratio 0.0\n");
    }
}
