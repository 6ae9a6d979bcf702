package dev.riffle.protocol.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
    private final BoundedJson json = new BoundedJson(ManifestLimits.DEFAULT);

    private String canonical(String input) {
        return new String(
                CanonicalJson.write(json.readObject(input.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
    }

    @Test
    void keys_are_sorted_and_insignificant_whitespace_is_dropped() {
        assertThat(canonical(" {\n \"b\" : [ 1 , {\"z\":true, \"a\":null} ],\t\"a\":\"x\" } "))
                .isEqualTo("{\"a\":\"x\",\"b\":[1,{\"a\":null,\"z\":true}]}");
    }

    @Test
    void keys_sort_by_utf16_code_units_as_in_rfc_8785() {
        assertThat(canonical("{\"b\":1,\"B\":2,\"aa\":3,\"a\":4,\"\\u00e9\":5}"))
                .isEqualTo("{\"B\":2,\"a\":4,\"aa\":3,\"b\":1,\"é\":5}");
    }

    @Test
    void strings_escape_only_quote_backslash_and_control_characters() {
        assertThat(canonical("{\"s\":\"\\u0041\\/\\\"\\\\\\n\\u0001\\u007f€\"}"))
                .isEqualTo("{\"s\":\"A/\\\"\\\\\\n\\u0001\u007f€\"}");
    }

    @Test
    void integers_are_written_in_shortest_form() {
        assertThat(canonical("{\"a\":-0,\"b\":9007199254740991,\"c\":-12}"))
                .isEqualTo("{\"a\":0,\"b\":9007199254740991,\"c\":-12}");
    }

    @Test
    void fractions_exponents_and_huge_integers_are_refused() {
        for (String bad : new String[] {
            "{\"a\":1.0}", "{\"a\":1e3}", "{\"a\":9007199254740992}", "{\"a\":123456789012345678901234}"
        }) {
            assertThatThrownBy(() -> canonical(bad))
                    .as(bad)
                    .isInstanceOf(ManifestException.class)
                    .extracting(e -> ((ManifestException) e).reason())
                    .isEqualTo(ManifestException.Reason.MALFORMED);
        }
    }

    @Test
    void unpaired_surrogates_are_refused() {
        assertThatThrownBy(() -> canonical("{\"a\":\"\\ud800\"}")).isInstanceOf(ManifestException.class);
    }

    @Test
    void duplicate_keys_and_trailing_content_are_malformed() {
        for (String bad : new String[] {"{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":1}{}", "[1]", "\"s\"", ""}) {
            assertThatThrownBy(() -> canonical(bad))
                    .as(bad)
                    .isInstanceOf(ManifestException.class)
                    .extracting(e -> ((ManifestException) e).reason())
                    .isEqualTo(ManifestException.Reason.MALFORMED);
        }
    }

    @Test
    void deep_nesting_and_oversized_documents_are_too_large() {
        String deep = "{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertThatThrownBy(() -> canonical(deep))
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).reason())
                .isEqualTo(ManifestException.Reason.TOO_LARGE);
        BoundedJson small = new BoundedJson(new ManifestLimits(100, 16, 64, 1, 1));
        assertThatThrownBy(() ->
                        small.readObject(("{\"a\":\"" + "x".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestException.class)
                .extracting(e -> ((ManifestException) e).reason())
                .isEqualTo(ManifestException.Reason.TOO_LARGE);
    }
}
