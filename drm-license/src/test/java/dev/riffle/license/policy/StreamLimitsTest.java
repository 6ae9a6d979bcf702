package dev.riffle.license.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamLimitsTest {
    private final StreamLimits limits = new StreamLimits(2, 3);

    @ParameterizedTest(name = "live={0} devices={1} known={2} -> {3}")
    @CsvSource({
        "0, 0, false, ok",
        "1, 1, true,  ok",
        "1, 2, false, ok",
        "2, 2, true,  concurrent_streams",
        "1, 3, false, devices",
        "1, 3, true,  ok",
        "2, 3, false, devices",
        "2, 3, true,  concurrent_streams",
    })
    void a_new_device_needs_a_device_slot_then_a_new_session_needs_a_stream_slot(
            int live, int devices, boolean known, String expected) {
        Optional<DenialReason> r = limits.admit(live, devices, known);
        assertThat(r.map(DenialReason::wire).orElse("ok")).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "1, 0"})
    void limits_are_at_least_one(int streams, int devices) {
        assertThatThrownBy(() -> new StreamLimits(streams, devices)).isInstanceOf(IllegalArgumentException.class);
    }
}
