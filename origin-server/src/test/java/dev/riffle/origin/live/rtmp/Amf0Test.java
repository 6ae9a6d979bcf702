package dev.riffle.origin.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.testkit.property.Property;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Amf0Test {

    @Test
    void a_command_survives_encoding() {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("app", "live");
        info.put("flashVer", "FMLE/3.0 (compatible; FMSc/1.0)");
        info.put("capabilities", 15.0);
        info.put("fpad", false);

        List<Object> back = Amf0.decodeAll(Amf0.encode("connect", 1.0, info, Amf0.NULL));

        assertThat(back).containsExactly("connect", 1.0, info, Amf0.NULL);
    }

    @Test
    void ecma_arrays_strict_arrays_dates_and_long_strings_decode() {
        byte[] bytes = {
            0x08,
            0,
            0,
            0,
            1,
            0,
            1,
            'a',
            0x01,
            1,
            0,
            0,
            0x09, // ECMA array {a: true}
            0x0A,
            0,
            0,
            0,
            2,
            0x05,
            0x06, // strict array [null, undefined]
            0x0B,
            0x40,
            0x59,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0, // date 100.0 ms, tz 0
            0x0C,
            0,
            0,
            0,
            2,
            'h',
            'i' // long string
        };

        List<Object> back = Amf0.decodeAll(bytes);

        assertThat(back).containsExactly(Map.of("a", true), List.of(Amf0.NULL, Amf0.NULL), 100.0, "hi");
    }

    @Test
    void truncated_unknown_and_endless_input_is_refused() {
        assertThatThrownBy(() -> Amf0.decodeAll(new byte[] {0x02, 0, 5, 'a'}))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> Amf0.decodeAll(new byte[] {0x11})).isInstanceOf(RtmpException.class);
        assertThatThrownBy(() -> Amf0.decodeAll(new byte[] {0x03, 0, 1, 'a', 0x05, 0, 0, 0x07}))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("end marker");
        byte[] deep = new byte[64];
        for (int i = 0; i < 32; i++) {
            deep[2 * i] = 0x0A;
        }
        assertThatThrownBy(() -> Amf0.decodeAll(deep)).isInstanceOf(RtmpException.class);
        assertThatThrownBy(() -> Amf0.decodeAll(new byte[] {0x0A, 0x7F, 0, 0, 0}))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void any_bytes_decode_or_fail_with_an_rtmp_exception() {
        byte[] valid = Amf0.encode("publish", 5.0, Amf0.NULL, "key-123", "live", Map.of("x", 1.0));
        Property.forAll(
                3000,
                r -> {
                    byte[] b = valid.clone();
                    int edits = 1 + r.nextInt(4);
                    for (int i = 0; i < edits; i++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    return r.nextBoolean() ? b : java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                },
                b -> {
                    try {
                        Amf0.decodeAll(b);
                    } catch (RtmpException expected) {
                        // a clear refusal is fine; anything else escapes and fails the property
                    }
                });
    }
}
