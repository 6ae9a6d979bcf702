package dev.riffle.origin.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EdgeDefaultsTest {
    @Test
    void one_event_loop_per_core_below_every_configured_source() {
        EdgeDefaults d = new EdgeDefaults();
        assertThat(d.getValue(EdgeDefaults.EVENT_LOOPS))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(d.getPropertyNames()).containsExactly(EdgeDefaults.EVENT_LOOPS);
        // application.properties is 250, the environment 300, system properties 400: all of them win
        assertThat(d.getOrdinal()).isLessThan(250);
    }
}
