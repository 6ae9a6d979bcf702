package dev.riffle.license.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KidTest {
    @Test
    void random_kids_are_16_bytes_as_22_base64url_characters() {
        Kid kid = Kid.random(new Random(7));
        assertThat(kid.value()).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(kid.bytes()).hasSize(16);
        assertThat(Kid.of(kid.bytes())).isEqualTo(kid);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "abc",
                "AAAAAAAAAAAAAAAAAAAAAA==",
                "AAAAAAAAAAAAAAAAAAAAA+",
                "AAAAAAAAAAAAAAAAAAAAA/",
                "AAAAAAAAAAAAAAAAAAAAAAA",
                "AAAAAAAAAAAAAAAAAAAAAB", // non-canonical: trailing bits set
                "AAAAAAAAAAAAAAAAAAAA A"
            })
    void malformed_kids_are_refused(String text) {
        assertThatThrownBy(() -> Kid.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}
