package dev.riffle.servicekit.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameworkProblemsTest {
    @Test
    void only_a_declared_length_over_the_limit_is_refused_early() {
        assertThat(FrameworkProblems.tooLarge("1001", 1000)).isTrue();
        assertThat(FrameworkProblems.tooLarge(" 1000 ", 1000)).isFalse();
        assertThat(FrameworkProblems.tooLarge("0", 1000)).isFalse();
        // malformed lengths are left to the codec and the resource, which answer 400
        assertThat(FrameworkProblems.tooLarge("lots", 1000)).isFalse();
        assertThat(FrameworkProblems.tooLarge("99999999999999999999999", 1000)).isFalse();
    }

    @Test
    void jax_rs_statuses_get_stable_reasons() {
        assertThat(ProblemMappers.reason(404)).isEqualTo("not-found");
        assertThat(ProblemMappers.reason(405)).isEqualTo("method-not-allowed");
        assertThat(ProblemMappers.reason(406)).isEqualTo("not-acceptable");
        assertThat(ProblemMappers.reason(413)).isEqualTo("too-large");
        assertThat(ProblemMappers.reason(415)).isEqualTo("unsupported-media-type");
        assertThat(ProblemMappers.reason(418)).isEqualTo("http-418");
    }
}
