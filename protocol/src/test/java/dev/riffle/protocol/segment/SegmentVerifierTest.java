package dev.riffle.protocol.segment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.Segment;
import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentVerifierTest {
    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static Segment entryFor(byte[] b) {
        return Segment.of(3, 4000, b.length, Sha256.of(b), "v/3.ts");
    }

    @Test
    void the_exact_bytes_verify() {
        byte[] b = bytes(10_000, 1);
        assertThat(SegmentVerifier.verify(entryFor(b), b)).isEqualTo(new SegmentVerdict.Verified(10_000));
    }

    @Test
    void every_single_flipped_bit_fails_verification() {
        byte[] b = bytes(300, 2);
        Segment entry = entryFor(b);
        for (int bit = 0; bit < b.length * 8; bit++) {
            byte[] flipped = b.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(SegmentVerifier.verify(entry, flipped))
                    .as("bit %d", bit)
                    .isEqualTo(new SegmentVerdict.WrongHash(300));
        }
    }

    @Test
    void a_flipped_bit_in_a_2_mib_segment_fails_verification() {
        byte[] b = bytes(2 << 20, 3);
        Segment entry = entryFor(b);
        Random rnd = new Random(4);
        for (int i = 0; i < 8; i++) {
            byte[] flipped = b.clone();
            flipped[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            assertThat(SegmentVerifier.verify(entry, flipped).verified()).isFalse();
        }
    }

    @Test
    void short_and_long_bodies_have_the_wrong_size() {
        byte[] b = bytes(1000, 5);
        Segment entry = entryFor(b);
        assertThat(SegmentVerifier.verify(entry, java.util.Arrays.copyOf(b, 999)))
                .isEqualTo(new SegmentVerdict.WrongSize(1000, 999));
        assertThat(SegmentVerifier.verify(entry, java.util.Arrays.copyOf(b, 1001)))
                .isEqualTo(new SegmentVerdict.WrongSize(1000, 1001));
    }

    record Chunking(int chunk, boolean direct) {}

    @Test
    void any_chunking_through_arrays_and_buffers_gives_the_same_verdict() {
        byte[] b = bytes(4096, 6);
        Gen<Integer> chunks = Gen.ints(1, 5000);
        Property.forAll(200, r -> new Chunking(chunks.apply(r), r.nextBoolean()), c -> {
            SegmentVerifier v = SegmentVerifier.of(entryFor(b));
            for (int off = 0; off < b.length; off += c.chunk()) {
                int len = Math.min(c.chunk(), b.length - off);
                if (c.direct()) {
                    ByteBuffer buf =
                            ByteBuffer.allocateDirect(len).put(b, off, len).flip();
                    v.update(buf);
                    assertThat(buf.hasRemaining()).isFalse();
                } else {
                    v.update(b, off, len);
                }
            }
            assertThat(v.finish().verified()).isTrue();
        });
    }

    @Test
    void reading_a_stream_stops_one_byte_past_the_expected_size() throws IOException {
        byte[] b = bytes(1000, 7);
        assertThat(SegmentVerifier.verify(entryFor(b), new ByteArrayInputStream(b))
                        .verified())
                .isTrue();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        assertThat(SegmentVerifier.verify(entryFor(b), endless)).isEqualTo(new SegmentVerdict.WrongSize(1000, 1001));
    }
}
