package dev.riffle.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import org.junit.jupiter.api.Test;

class StrictEncodingTest {
    @Test
    void base64url_and_hex_round_trip() {
        Property.forAll(1_000, Gen.bytes(16), bytes -> {
            assertThat(Base64Url.decode(Base64Url.encode(bytes), 16))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
            assertThat(Hex.decode(Hex.encode(bytes), 16))
                    .hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        });
    }

    @Test
    void base64url_with_nonzero_unused_bits_padding_or_the_standard_alphabet_is_refused() {
        String zero = Base64Url.encode(new byte[16]); // "AAAAAAAAAAAAAAAAAAAAAA": last char carries 4 unused bits
        assertThat(Base64Url.decode(zero, 16)).isPresent();
        assertThat(Base64Url.decode(zero.substring(0, 21) + "B", 16)).isEmpty();
        assertThat(Base64Url.decode(zero + "==", 16)).isEmpty();
        assertThat(Base64Url.decode(
                        Base64Url.encode(new byte[] {(byte) 0xfb, (byte) 0xff}).replace('-', '+'), 2))
                .isEmpty();
        assertThat(Base64Url.decode(zero, 15)).isEmpty();
    }

    @Test
    void uppercase_or_odd_hex_is_refused() {
        assertThat(Hex.decode("ABCD", 2)).isEmpty();
        assertThat(Hex.decode("abc", 2)).isEmpty();
        assertThat(Hex.decode("abcg", 2)).isEmpty();
        assertThat(Hex.decode("abcd", 2)).hasValueSatisfying(b -> assertThat(b).containsExactly(0xab, 0xcd));
    }
}
