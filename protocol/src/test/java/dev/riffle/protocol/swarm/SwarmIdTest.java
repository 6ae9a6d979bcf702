package dev.riffle.protocol.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.protocol.encoding.Hex;
import dev.riffle.protocol.hash.Sha256;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SwarmIdTest {
    @Test
    void the_swarm_id_is_the_documented_truncated_hash() {
        byte[] input = concat(
                "riffle-swarm-v1".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, 14},
                "big-buck-bunny".getBytes(StandardCharsets.UTF_8),
                new byte[] {0, 4},
                "v720".getBytes(StandardCharsets.UTF_8));
        String expected = Sha256.of(input).hex().substring(0, 40);
        SwarmId id = SwarmId.of("big-buck-bunny", "v720");
        assertThat(id.hex()).isEqualTo(expected).hasSize(40);
        assertThat(id.bytes()).hasSize(SwarmId.LENGTH);
    }

    @Test
    void length_prefixes_keep_split_points_apart() {
        assertThat(SwarmId.of("ab", "c")).isNotEqualTo(SwarmId.of("a", "bc"));
        assertThat(SwarmId.of("t", "v1")).isNotEqualTo(SwarmId.of("t", "v2"));
    }

    record Names(String title, String rendition) {}

    @Test
    void the_text_form_round_trips() {
        Gen<String> titles = Gen.alpha(1, 30);
        Gen<String> renditions = Gen.alpha(1, 10);
        Property.forAll(1_000, r -> new Names(titles.apply(r), renditions.apply(r)), names -> {
            SwarmId id = SwarmId.of(names.title(), names.rendition());
            assertThat(SwarmId.parse(id.toString())).contains(id);
            assertThat(SwarmId.of(names.title(), names.rendition()))
                    .isEqualTo(id)
                    .hasSameHashCodeAs(id);
            assertThat(Hex.decode(id.hex(), SwarmId.LENGTH)).isPresent();
        });
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
