package dev.riffle.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Vert.x RecordParserTest style: the way bytes are cut must never change what is decoded. */
class WireChunkingTest {

    private final WireEncoder encoder = WireEncoder.withDefaults();

    static Stream<WireMessage> samples() {
        return WireSamples.oneOfEach().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void every_chunk_size_from_one_to_twice_the_frame_yields_the_same_message(WireMessage m) {
        byte[] frame = encoder.encode(m);
        for (int chunk = 1; chunk <= 2 * frame.length; chunk++) {
            List<DecodeResult> results = WireSamples.feedInChunks(WireDecoder.withDefaults(), frame, chunk);

            assertThat(WireSamples.decodedMessages(results))
                    .as("chunk %d", chunk)
                    .containsExactly(m);
            assertThat(results.get(results.size() - 1)).isInstanceOf(DecodeResult.Decoded.class);
        }
    }

    @Test
    void every_chunk_size_over_all_layouts_back_to_back_yields_them_in_order() {
        List<WireMessage> all = WireSamples.oneOfEach();
        byte[] frames = bytesOf(encoder.encodeAll(all));
        for (int chunk = 1; chunk <= frames.length + 1; chunk++) {
            WireDecoder decoder = WireDecoder.withDefaults();

            assertThat(WireSamples.decodedMessages(WireSamples.feedInChunks(decoder, frames, chunk)))
                    .as("chunk %d", chunk)
                    .isEqualTo(all);
            assertThat(decoder.hasPartialFrame()).isFalse();
        }
    }

    @Test
    void several_frames_in_one_data_channel_message_decode_in_order() {
        List<WireMessage> exchange = List.of(
                new WireMessage.HaveOne(3),
                new WireMessage.Request(1, 3, 0, 300),
                WireMessage.Data.of(1, 0, WireSamples.bytes(300, 9)),
                new WireMessage.Cancel(2));
        ByteBuffer message = encoder.encodeAll(exchange);

        assertThat(WireDecoder.decodeMessage(message)).isEqualTo(new DecodeResult.Decoded(exchange));
        assertThat(message.position())
                .as("one-shot decode leaves the position alone")
                .isZero();
    }

    @Test
    void an_unknown_extension_frame_is_skipped_whole_however_it_is_cut() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(encoder.encode(new WireMessage.HaveOne(1)));
        out.writeBytes(new byte[] {0, 0, 0, 7, (byte) 0x90, 1, 2, 3, 4, 5, 6, 7}); // extension 0x90, 7 bytes
        out.writeBytes(new byte[] {0, 0, 0, 0, (byte) 0xFF}); // empty extension frame
        out.writeBytes(encoder.encode(new WireMessage.HaveOne(2)));
        byte[] frames = out.toByteArray();
        List<WireMessage> expected = List.of(new WireMessage.HaveOne(1), new WireMessage.HaveOne(2));

        assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(frames))).isEqualTo(new DecodeResult.Decoded(expected));
        for (int chunk = 1; chunk <= frames.length; chunk++) {
            assertThat(WireSamples.decodedMessages(WireSamples.feedInChunks(WireDecoder.withDefaults(), frames, chunk)))
                    .isEqualTo(expected);
        }
    }

    @Test
    void a_decoded_data_payload_is_a_view_on_the_fed_buffer_not_a_copy() {
        byte[] frame = encoder.encode(WireMessage.Data.of(1, 0, new byte[] {1, 2, 3}));
        var decoded = (DecodeResult.Decoded) WireDecoder.withDefaults().feed(ByteBuffer.wrap(frame));
        var data = (WireMessage.Data) decoded.messages().get(0);

        frame[frame.length - 1] = 99; // the caller reuses its buffer...

        assertThat(data.payload().get(2))
                .as("...and the view sees it: copy before reuse")
                .isEqualTo((byte) 99);
        assertThat(data.payload().isReadOnly()).isTrue();
    }

    @Test
    void a_data_frame_split_across_feeds_owns_its_bytes() {
        byte[] frame = encoder.encode(WireMessage.Data.of(1, 0, new byte[] {1, 2, 3}));
        WireDecoder decoder = WireDecoder.withDefaults();
        decoder.feed(ByteBuffer.wrap(frame, 0, 10));
        byte[] tail = java.util.Arrays.copyOfRange(frame, 10, frame.length);
        var data = (WireMessage.Data) ((DecodeResult.Decoded) decoder.feed(ByteBuffer.wrap(tail)))
                .messages()
                .get(0);

        tail[tail.length - 1] = 99;

        assertThat(data.payload().get(2)).isEqualTo((byte) 3);
    }

    @Test
    void need_more_says_how_many_bytes_are_missing_at_least() {
        byte[] frame = encoder.encode(new WireMessage.Request(1, 2, 3, 4)); // 5 + 16 bytes
        WireDecoder decoder = WireDecoder.withDefaults();

        assertThat(decoder.feed(ByteBuffer.wrap(frame, 0, 2))).isEqualTo(new DecodeResult.NeedMore(3));
        assertThat(decoder.feed(ByteBuffer.wrap(frame, 2, 5))).isEqualTo(new DecodeResult.NeedMore(14));
        assertThat(decoder.hasPartialFrame()).isTrue();
    }

    private static byte[] bytesOf(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
