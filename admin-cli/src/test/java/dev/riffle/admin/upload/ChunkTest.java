package dev.riffle.admin.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkTest {
    record Case(long total, long chunk, List<Long> drops) {}

    @Test
    void chunks_from_the_origins_offset_cover_the_rest_of_the_file_exactly_once_whatever_the_drops() {
        // A drop leaves the origin with any number of bytes of the chunk in flight; we resume from what it reports.
        Property.forAll(
                500,
                r -> new Case(
                        Gen.longs(1, 1_000_000).apply(r),
                        Gen.longs(1, 300_000).apply(r),
                        Gen.lists(Gen.longs(0, 1_000_000), 0, 6).apply(r)),
                c -> {
                    long stored = 0;
                    List<Long> drops = new ArrayList<>(c.drops());
                    int requests = 0;
                    while (true) {
                        Chunk next = Chunk.next(stored, c.total(), c.chunk());
                        if (next == null) break;
                        assertThat(next.offset()).isEqualTo(stored);
                        assertThat(next.length()).isLessThanOrEqualTo(c.chunk());
                        assertThat(next.end()).isLessThanOrEqualTo(c.total());
                        requests++;
                        if (!drops.isEmpty()) {
                            // dropped: part of the chunk (maybe none) reached the origin's disk
                            stored = next.offset() + drops.remove(0) % (next.length() + 1);
                        } else {
                            stored = next.end();
                        }
                    }
                    assertThat(stored).isEqualTo(c.total());
                    long clean = (c.total() + c.chunk() - 1) / c.chunk();
                    assertThat(requests)
                            .isBetween((int) clean, (int) clean + c.drops().size());
                });
    }

    @Test
    void an_origin_offset_beyond_the_file_means_another_file() {
        assertThatThrownBy(() -> Chunk.next(11, 10, 4)).hasMessageContaining("not the file");
        assertThat(Chunk.next(10, 10, 4)).isNull();
        assertThat(Chunk.next(8, 10, 4)).isEqualTo(new Chunk(8, 2));
    }
}
