package dev.riffle.origin.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class UploadRangeTest {
    @Test
    void content_range_gives_offset_length_and_total() {
        UploadRange r = UploadRange.parse(null, "bytes 100-199/1000").orElseThrow();
        assertThat(r).isEqualTo(new UploadRange(100, OptionalLong.of(100), OptionalLong.of(1000)));
        assertThat(UploadRange.parse(null, "bytes 0-9/*").orElseThrow().total()).isEmpty();
    }

    @Test
    void upload_offset_alone_or_agreeing_with_content_range() {
        assertThat(UploadRange.parse("42", null).orElseThrow().offset()).isEqualTo(42);
        assertThat(UploadRange.parse("100", "bytes 100-199/1000").orElseThrow().length())
                .hasValue(100);
        assertThat(UploadRange.parse(null, null)).isEmpty();
    }

    @Test
    void contradictions_and_garbage_are_refused() {
        assertThatThrownBy(() -> UploadRange.parse("5", "bytes 100-199/1000")).hasMessageContaining("disagree");
        assertThatThrownBy(() -> UploadRange.parse(null, "bytes 100-99/1000")).hasMessageContaining("before");
        assertThatThrownBy(() -> UploadRange.parse(null, "bytes 0-1000/1000")).hasMessageContaining("beyond");
        assertThatThrownBy(() -> UploadRange.parse("-1", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UploadRange.parse("x", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UploadRange.parse(null, "100-199")).isInstanceOf(IllegalArgumentException.class);
    }
}
