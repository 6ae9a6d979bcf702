package dev.riffle.origin.live.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.testkit.property.Property;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkReaderTest {

    @Test
    void messages_survive_chunking_whatever_the_split_of_the_bytes() {
        Property.forAll(300, r -> r.nextLong(), seed -> {
            Random r = new Random(seed);
            ChunkWriter writer = new ChunkWriter();
            int chunkSize = 1 + r.nextInt(5000);
            List<RtmpMessage> sent = new ArrayList<>();
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            // the writer's chunk size is announced first, as a pusher does
            RtmpMessage setSize = new RtmpMessage(RtmpMessage.SET_CHUNK_SIZE, 0, 0, u32(chunkSize));
            wire.writeBytes(writer.write(2, setSize));
            writer.chunkSize(chunkSize);
            sent.add(setSize);
            for (int i = 0; i < 1 + r.nextInt(20); i++) {
                byte[] payload = new byte[r.nextInt(20_000)];
                r.nextBytes(payload);
                long ts = r.nextInt(10) == 0 ? 0xFFFFFFL + r.nextInt(1000) : r.nextInt(1 << 20);
                RtmpMessage m = new RtmpMessage(8 + r.nextInt(2), 1, ts, payload);
                wire.writeBytes(writer.write(4 + r.nextInt(3), m));
                sent.add(m);
            }
            byte[] bytes = wire.toByteArray();
            ChunkReader reader = new ChunkReader();
            List<RtmpMessage> got = new ArrayList<>();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + r.nextInt(3000));
                got.addAll(reader.feed(bytes, at, n));
                at += n;
            }
            assertThat(got).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertThat(got.get(i).type()).isEqualTo(sent.get(i).type());
                assertThat(got.get(i).timestamp()).isEqualTo(sent.get(i).timestamp());
                assertThat(got.get(i).streamId()).isEqualTo(sent.get(i).streamId());
                assertThat(got.get(i).payload()).isEqualTo(sent.get(i).payload());
            }
        });
    }

    @Test
    void compressed_headers_inherit_from_the_previous_message_and_add_their_delta() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        // fmt 0 on csid 4: ts 1000, length 2, video, stream 1
        wire.writeBytes(new byte[] {4, 0, 0x03, (byte) 0xE8, 0, 0, 2, 9, 1, 0, 0, 0, 'a', 'b'});
        // fmt 1: delta 40, length 1, audio
        wire.writeBytes(new byte[] {0x44, 0, 0, 40, 0, 0, 1, 8, 'c'});
        // fmt 2: delta 20, same length and type
        wire.writeBytes(new byte[] {(byte) 0x84, 0, 0, 20, 'd'});
        // fmt 3: everything as before, delta 20 again
        wire.writeBytes(new byte[] {(byte) 0xC4, 'e'});

        List<RtmpMessage> got = new ChunkReader().feed(wire.toByteArray());

        assertThat(got).extracting(RtmpMessage::timestamp).containsExactly(1000L, 1040L, 1060L, 1080L);
        assertThat(got).extracting(RtmpMessage::type).containsExactly(9, 8, 8, 8);
        assertThat(got).extracting(RtmpMessage::streamId).containsOnly(1);
        assertThat(got.get(3).payload()).containsExactly('e');
    }

    @Test
    void two_and_three_byte_chunk_stream_ids_are_read() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.writeBytes(new byte[] {0, 10, 0, 0, 1, 0, 0, 1, 8, 0, 0, 0, 0, 'x'}); // csid 74
        wire.writeBytes(new byte[] {1, 0, 1, 0, 0, 2, 0, 0, 1, 9, 0, 0, 0, 0, 'y'}); // csid 64 + 256

        List<RtmpMessage> got = new ChunkReader().feed(wire.toByteArray());

        assertThat(got).extracting(RtmpMessage::type).containsExactly(8, 9);
    }

    @Test
    void a_continuation_without_a_header_an_oversized_message_and_a_bad_chunk_size_are_refused() {
        assertThatThrownBy(() -> new ChunkReader().feed(new byte[] {(byte) 0xC5, 1, 2}))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("never sent");
        assertThatThrownBy(() ->
                        new ChunkReader().feed(new byte[] {4, 0, 0, 0, (byte) 0xFF, (byte) 0xFF, 0, 9, 0, 0, 0, 0}))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("exceeds");
        byte[] zeroChunkSize = new ChunkWriter().write(2, new RtmpMessage(1, 0, 0, u32(0)));
        assertThatThrownBy(() -> new ChunkReader().feed(zeroChunkSize))
                .isInstanceOf(RtmpException.class)
                .hasMessageContaining("chunk size");
    }

    @Test
    void any_mutation_of_a_stream_reads_or_fails_with_an_rtmp_exception() {
        ChunkWriter writer = new ChunkWriter();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int i = 0; i < 5; i++) wire.writeBytes(writer.write(4, new RtmpMessage(9, 1, i * 40L, new byte[300])));
        byte[] valid = wire.toByteArray();
        Property.forAll(
                3000,
                r -> {
                    byte[] b = valid.clone();
                    for (int i = 0; i < 1 + r.nextInt(6); i++) b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                    return Arrays.copyOf(b, r.nextInt(b.length + 1));
                },
                b -> {
                    try {
                        new ChunkReader().feed(b);
                    } catch (RtmpException expected) {
                        // refused clearly
                    }
                });
    }

    static byte[] u32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
