package dev.riffle.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class WireRoundTripTest {

    private final WireEncoder encoder = WireEncoder.withDefaults();

    @Provide
    Arbitrary<WireMessage> messages() {
        return WireSamples.messages();
    }

    @Property(tries = 2_000)
    void every_message_decodes_to_itself_from_one_data_channel_message(@ForAll("messages") WireMessage m) {
        byte[] frame = encoder.encode(m);

        assertThat(frame).hasSize(encoder.frameLength(m));
        assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(frame))).isEqualTo(new DecodeResult.Decoded(List.of(m)));
    }

    @Property(tries = 500)
    void every_message_decodes_to_itself_from_a_stream_cut_anywhere(
            @ForAll("messages") WireMessage m, @ForAll @IntRange(min = 1, max = 70_000) int chunk) {
        List<DecodeResult> results = WireSamples.feedInChunks(WireDecoder.withDefaults(), encoder.encode(m), chunk);

        assertThat(WireSamples.decodedMessages(results)).containsExactly(m);
        assertThat(results.subList(0, results.size() - 1)).allMatch(r -> r instanceof DecodeResult.NeedMore);
    }

    @Provide
    Arbitrary<List<WireMessage>> controlSequences() {
        // DATA is covered by the other properties; a dozen 64 KiB payloads here would only slow this one down
        return WireSamples.messages()
                .filter(m -> m.type() != MessageType.DATA)
                .list()
                .ofMinSize(1)
                .ofMaxSize(12);
    }

    @Property(tries = 200)
    void a_sequence_of_messages_in_one_buffer_decodes_in_order(@ForAll("controlSequences") List<WireMessage> limited) {
        ByteBuffer all = encoder.encodeAll(limited);

        assertThat(WireDecoder.decodeMessage(all)).isEqualTo(new DecodeResult.Decoded(limited));
        assertThat(WireDecoder.withDefaults().feed(all)).isEqualTo(new DecodeResult.Decoded(limited));
    }

    @Property(tries = 300)
    void have_built_from_a_bitset_holds_exactly_those_segments(
            @ForAll @Size(max = 300) List<@IntRange(min = 0, max = 5_000) Integer> indexes) {
        BitSet bits = new BitSet();
        indexes.forEach(bits::set);
        WireMessage.Have have = WireMessage.Have.of(bits);

        WireMessage decoded = ((DecodeResult.Decoded) WireDecoder.decodeMessage(WireSamples.encode(have)))
                .messages()
                .get(0);

        assertThat(((WireMessage.Have) decoded).toBitSet()).isEqualTo(bits);
        assertThat(have.segmentCount()).isEqualTo(bits.cardinality());
        for (int i = 0; i <= 5_001; i++) {
            assertThat(have.contains(i)).isEqualTo(bits.get(i));
        }
    }
}
