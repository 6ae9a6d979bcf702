package dev.riffle.origin.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void single_ranges_are_clamped_to_the_file() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange.Partial(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange.Partial(900, 999));
        assertThat(ByteRange.parse("bytes=900-5000", 1000)).isEqualTo(new ByteRange.Partial(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange.Partial(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange.Partial(0, 999));
    }

    @Test
    void ranges_past_the_end_are_unsatisfiable() {
        assertThat(ByteRange.parse("bytes=1000-", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.parse("bytes=-0", 1000)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void malformed_multi_or_foreign_ranges_are_ignored() {
        assertThat(ByteRange.parse(null, 10)).isInstanceOf(ByteRange.Full.class);
        assertThat(ByteRange.parse("bytes=0-1,5-6", 10)).isInstanceOf(ByteRange.Full.class);
        assertThat(ByteRange.parse("items=0-1", 10)).isInstanceOf(ByteRange.Full.class);
        assertThat(ByteRange.parse("bytes=5-1", 10)).isInstanceOf(ByteRange.Full.class);
        assertThat(ByteRange.parse("bytes=x-1", 10)).isInstanceOf(ByteRange.Full.class);
    }

    @Test
    void conditional_requests_compare_etags_first_then_dates() {
        Instant mod = Instant.parse("2026-01-01T10:00:00.500Z");
        String date = HttpValidators.httpDate(mod);
        assertThat(date).isEqualTo("Thu, 01 Jan 2026 10:00:00 GMT");
        assertThat(HttpValidators.notModified("\"a\"", null, "\"a\"", mod)).isTrue();
        assertThat(HttpValidators.notModified("\"b\", W/\"a\"", null, "\"a\"", mod))
                .isTrue();
        assertThat(HttpValidators.notModified("\"b\"", date, "\"a\"", mod)).isFalse();
        assertThat(HttpValidators.notModified(null, date, "\"a\"", mod)).isTrue();
        assertThat(HttpValidators.notModified(null, "Thu, 1 Jan 2026 09:59:59 GMT", "\"a\"", mod))
                .isFalse();
        assertThat(HttpValidators.notModified(null, "garbage", "\"a\"", mod)).isFalse();
        assertThat(HttpValidators.rangeStillValid("\"a\"", "\"a\"", mod)).isTrue();
        assertThat(HttpValidators.rangeStillValid("\"b\"", "\"a\"", mod)).isFalse();
        assertThat(HttpValidators.rangeStillValid(date, "\"a\"", mod)).isTrue();
    }

    @Test
    void segments_are_immutable_and_playlists_short_lived() {
        assertThat(ContentKind.of("360p/0.ts").cacheControl(1209600, 2))
                .isEqualTo("public, max-age=1209600, immutable");
        assertThat(ContentKind.of("master.m3u8").cacheControl(1209600, 2)).isEqualTo("public, max-age=2");
        assertThat(ContentKind.of("manifest.json").mediaType()).isEqualTo("application/json");
        assertThat(ContentKind.of("360p/index.m3u8").mediaType()).isEqualTo("application/vnd.apple.mpegurl");
        assertThat(ContentKind.of("sub-en/0.vtt").mediaType()).startsWith("text/vtt");
    }
}
