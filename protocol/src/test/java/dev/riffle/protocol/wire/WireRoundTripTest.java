package dev.riffle.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.property.Gen;
import dev.riffle.testkit.property.Property;
import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireRoundTripTest {

    private final WireEncoder encoder = WireEncoder.withDefaults();

    @Test
    void every_message_decodes_to_itself_from_one_data_channel_message() {
        Property.forAll(2_000, WireSamples.messages(), m -> {
            byte[] frame = encoder.encode(m);

            assertThat(frame).hasSize(encoder.frameLength(m));
            assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(frame)))
                    .isEqualTo(new DecodeResult.Decoded(List.of(m)));
        });
    }

    record Cut(WireMessage message, int chunk) {}

    @Test
    void every_message_decodes_to_itself_from_a_stream_cut_anywhere() {
        Gen<WireMessage> messages = WireSamples.messages();
        Gen<Integer> chunks = Gen.ints(1, 70_000);
        Property.forAll(500, r -> new Cut(messages.apply(r), chunks.apply(r)), c -> {
            List<DecodeResult> results =
                    WireSamples.feedInChunks(WireDecoder.withDefaults(), encoder.encode(c.message()), c.chunk());

            assertThat(WireSamples.decodedMessages(results)).containsExactly(c.message());
            assertThat(results.subList(0, results.size() - 1)).allMatch(r -> r instanceof DecodeResult.NeedMore);
        });
    }

    @Test
    void a_sequence_of_messages_in_one_buffer_decodes_in_order() {
        // DATA is covered by the other properties; a dozen 64 KiB payloads here would only slow this one down
        Property.forAll(200, Gen.lists(WireSamples.controlMessages(), 1, 12), limited -> {
            ByteBuffer all = encoder.encodeAll(limited);

            assertThat(WireDecoder.decodeMessage(all)).isEqualTo(new DecodeResult.Decoded(limited));
            assertThat(WireDecoder.withDefaults().feed(all)).isEqualTo(new DecodeResult.Decoded(limited));
        });
    }

    @Test
    void have_built_from_a_bitset_holds_exactly_those_segments() {
        Property.forAll(300, Gen.lists(Gen.ints(0, 5_000), 0, 300), indexes -> {
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
        });
    }
}
