package dev.riffle.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.protocol.wire.WireError.Kind;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The four outcomes for every layout: correct, insufficient, invalid, and a declared length that lies. */
class WireFailureKindsTest {

    private final WireEncoder encoder = WireEncoder.withDefaults();

    static Stream<WireMessage> samples() {
        return WireSamples.oneOfEach().stream();
    }

    // ---- correct

    @ParameterizedTest
    @MethodSource("samples")
    void a_correct_frame_decodes_both_streaming_and_one_shot(WireMessage m) {
        byte[] frame = encoder.encode(m);

        assertThat(WireDecoder.withDefaults().feed(ByteBuffer.wrap(frame))).isEqualTo(decoded(m));
        assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(frame))).isEqualTo(decoded(m));
    }

    // ---- insufficient

    @ParameterizedTest
    @MethodSource("samples")
    void every_proper_prefix_needs_more_when_streaming_and_is_truncated_as_a_whole_message(WireMessage m) {
        byte[] frame = encoder.encode(m);
        for (int n = 1; n < frame.length; n++) {
            ByteBuffer prefix = ByteBuffer.wrap(frame, 0, n);

            assertThat(WireDecoder.withDefaults().feed(prefix.duplicate())).isInstanceOf(DecodeResult.NeedMore.class);
            assertThat(kindOf(WireDecoder.decodeMessage(prefix))).isEqualTo(Kind.TRUNCATED);
        }
        assertThat(kindOf(WireDecoder.decodeMessage(ByteBuffer.allocate(0)))).isEqualTo(Kind.TRUNCATED);
    }

    // ---- wrong declared length

    @ParameterizedTest
    @MethodSource("samples")
    void a_declared_length_one_short_is_never_read_as_the_original(WireMessage m) {
        byte[] frame = withDeclaredLength(encoder.encode(m), payloadLength(m) - 1);

        DecodeResult oneShot = WireDecoder.decodeMessage(ByteBuffer.wrap(frame));
        assertThat(kindOf(oneShot)).isIn(Kind.BAD_LENGTH, Kind.BAD_FIELD, Kind.TRUNCATED);

        DecodeResult streamed = WireDecoder.withDefaults().feed(ByteBuffer.wrap(frame));
        assertThat(streamed).isNotEqualTo(decoded(m));
        if (fixedSize(m)) {
            assertThat(kindOf(streamed)).isEqualTo(Kind.BAD_LENGTH);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void a_declared_length_one_long_waits_for_the_byte_or_is_a_bad_length_for_fixed_layouts(WireMessage m) {
        byte[] frame = withDeclaredLength(encoder.encode(m), payloadLength(m) + 1);

        DecodeResult streamed = WireDecoder.withDefaults().feed(ByteBuffer.wrap(frame));
        if (fixedSize(m)) {
            assertThat(kindOf(streamed)).isEqualTo(Kind.BAD_LENGTH);
            assertThat(kindOf(WireDecoder.decodeMessage(ByteBuffer.wrap(frame))))
                    .isEqualTo(Kind.BAD_LENGTH);
        } else {
            assertThat(streamed).isEqualTo(new DecodeResult.NeedMore(1));
            assertThat(kindOf(WireDecoder.decodeMessage(ByteBuffer.wrap(frame))))
                    .isEqualTo(Kind.TRUNCATED);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void a_declared_length_over_the_max_frame_fails_on_the_header_alone(WireMessage m) {
        byte[] header = Arrays.copyOf(encoder.encode(m), WireLimits.HEADER_BYTES);
        for (long length : new long[] {WireLimits.DEFAULT.maxPayloadBytes() + 1L, 0x7FFF_FFFFL, 0xFFFF_FFFFL}) {
            byte[] frame = withDeclaredLength(header, length);

            assertThat(kindOf(WireDecoder.withDefaults().feed(ByteBuffer.wrap(frame))))
                    .isEqualTo(Kind.FRAME_TOO_LARGE);
            assertThat(kindOf(WireDecoder.decodeMessage(ByteBuffer.wrap(frame))))
                    .isEqualTo(Kind.FRAME_TOO_LARGE);
        }
    }

    @Test
    void a_lower_configured_limit_rejects_frames_the_default_accepts() {
        WireLimits small = new WireLimits(WireLimits.MIN_FRAME_BYTES);
        WireMessage.Data data = WireMessage.Data.of(1, 0, new byte[small.maxDataBytes() + 1]);
        byte[] frame = encoder.encode(data);

        assertThat(kindOf(new WireDecoder(small).feed(ByteBuffer.wrap(frame, 0, 5))))
                .isEqualTo(Kind.FRAME_TOO_LARGE);
        assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(frame))).isEqualTo(decoded(data));
    }

    @Test
    void hello_ignores_bytes_appended_after_the_swarm_id_so_later_versions_can_grow_it() {
        WireMessage.Hello hello = WireMessage.Hello.of(WireSamples.PEER, WireSamples.SWARM);
        byte[] frame = encoder.encode(hello);
        byte[] grown = withDeclaredLength(Arrays.copyOf(frame, frame.length + 3), payloadLength(hello) + 3);

        assertThat(WireDecoder.decodeMessage(ByteBuffer.wrap(grown))).isEqualTo(decoded(hello));
        assertThat(kindOf(WireDecoder.decodeMessage(ByteBuffer.wrap(withDeclaredLength(frame, 256)))))
                .isEqualTo(Kind.BAD_LENGTH);
    }

    // ---- invalid

    static Stream<Arguments> invalidFrames() {
        return Stream.of(
                invalid("hello with version 0", "00000006 01 | 00 01 01 AA 01 BB", Kind.BAD_FIELD),
                invalid("hello with min above max", "00000006 01 | 03 02 01 AA 01 BB", Kind.BAD_FIELD),
                invalid("hello with an empty peer id", "00000006 01 | 01 01 00 01 BB CC", Kind.BAD_FIELD),
                invalid("hello with a 33-byte id", "00000006 01 | 01 01 21 AA BB CC", Kind.BAD_FIELD),
                invalid("hello whose swarm id runs past the frame", "00000006 01 | 01 01 01 AA 05 BB", Kind.BAD_LENGTH),
                invalid("hello shorter than its minimum", "00000005 01 | 01 01 01 AA 01", Kind.BAD_LENGTH),
                invalid("have with an unknown form", "00000003 02 | 02 00 00", Kind.BAD_FIELD),
                invalid(
                        "have with unsorted ranges",
                        "00000013 02 | 00 0002 00000005 00000001 00000001 00000001",
                        Kind.BAD_FIELD),
                invalid(
                        "have with adjacent ranges",
                        "00000013 02 | 00 0002 00000000 00000002 00000002 00000001",
                        Kind.BAD_FIELD),
                invalid("have with an empty range", "0000000B 02 | 00 0001 00000000 00000000", Kind.BAD_FIELD),
                invalid("have with a negative first index", "0000000B 02 | 00 0001 80000000 00000001", Kind.BAD_FIELD),
                invalid("have with a range past 2^31", "0000000B 02 | 00 0001 7FFFFFFF 00000002", Kind.BAD_FIELD),
                invalid("have whose range count disagrees with its length", "00000003 02 | 00 0001", Kind.BAD_LENGTH),
                invalid("have with more ranges than allowed", "00000003 02 | 00 1001", Kind.BAD_FIELD),
                invalid("have bitfield with padding bits set", "0000000A 02 | 01 00000000 00000003 FF", Kind.BAD_FIELD),
                invalid("have bitfield of zero bits", "00000009 02 | 01 00000000 00000000", Kind.BAD_FIELD),
                invalid(
                        "have bitfield shorter than its bit count",
                        "0000000A 02 | 01 00000000 00000010 FF",
                        Kind.BAD_LENGTH),
                invalid("have bitfield past 2^31", "0000000A 02 | 01 7FFFFFFF 00000002 C0", Kind.BAD_FIELD),
                invalid("have_one with a negative index", "00000004 03 | 80000000", Kind.BAD_FIELD),
                invalid("request of zero bytes", "00000010 04 | 00000001 00000001 00000000 00000000", Kind.BAD_FIELD),
                invalid("request over 64 MiB", "00000010 04 | 00000001 00000001 00000000 04000001", Kind.BAD_FIELD),
                invalid(
                        "request for a negative segment",
                        "00000010 04 | 00000001 FFFFFFFF 00000000 00000001",
                        Kind.BAD_FIELD),
                invalid(
                        "request ending past 2^31",
                        "00000010 04 | 00000001 00000001 7FFFFFFF 00000002",
                        Kind.BAD_FIELD),
                invalid("data at a negative offset", "00000008 05 | 00000001 80000000", Kind.BAD_FIELD),
                invalid("data ending past 2^31", "00000009 05 | 00000001 7FFFFFFF 00", Kind.BAD_FIELD),
                invalid("data shorter than its header", "00000007 05 | 00000001 000000", Kind.BAD_LENGTH),
                invalid("cancel of three bytes", "00000003 06 | 000001", Kind.BAD_LENGTH),
                invalid("reject with reason 0", "00000005 07 | 00000001 00", Kind.BAD_FIELD),
                invalid("reject with an unknown reason", "00000005 07 | 00000001 C8", Kind.BAD_FIELD),
                invalid("bye with reason 0", "00000001 08 | 00", Kind.BAD_FIELD),
                invalid("bye with an unknown reason", "00000001 08 | 63", Kind.BAD_FIELD),
                invalid("bye of two bytes", "00000002 08 | 01 01", Kind.BAD_LENGTH),
                invalid("claims of zero entries", "00000002 80 | 0000", Kind.BAD_LENGTH),
                invalid(
                        "claims whose count disagrees with its length",
                        "00000007 80 | 0002 00000001 00",
                        Kind.BAD_LENGTH),
                invalid("claims not increasing", "0000000C 80 | 0002 00000002 00 00000002 01", Kind.BAD_FIELD),
                invalid("claims for a segment past 2^31", "00000007 80 | 0001 80000000 00", Kind.BAD_FIELD),
                invalid(
                        "claims with more entries than allowed",
                        "00001407 80 | 0401" + " 00000000 00".repeat(1025),
                        Kind.BAD_LENGTH),
                invalid("window past 2^31", "00000008 81 | 7FFFFFFF 00000002", Kind.BAD_FIELD),
                invalid("window of a negative first segment", "00000008 81 | 80000000 00000001", Kind.BAD_FIELD),
                invalid("window of seven bytes", "00000007 81 | 00000001 000001", Kind.BAD_LENGTH),
                invalid("type 0x00", "00000001 00 | 01", Kind.UNKNOWN_TYPE),
                invalid("type 0x09", "00000001 09 | 01", Kind.UNKNOWN_TYPE),
                invalid("type 0x7F", "00000000 7F", Kind.UNKNOWN_TYPE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFrames")
    void an_invalid_frame_is_a_typed_error_however_it_arrives(String name, byte[] frame, Kind expected) {
        assertThat(kindOf(WireDecoder.decodeMessage(ByteBuffer.wrap(frame)))).isEqualTo(expected);
        for (int chunk = 1; chunk <= frame.length; chunk++) {
            List<DecodeResult> results = WireSamples.feedInChunksRaw(WireDecoder.withDefaults(), frame, chunk);
            DecodeResult last = results.get(results.size() - 1);

            assertThat(kindOf(last)).as("chunk %d", chunk).isEqualTo(expected);
            assertThat(results.subList(0, results.size() - 1)).allMatch(r -> r instanceof DecodeResult.NeedMore);
        }
    }

    @Test
    void a_decoder_that_failed_stays_dead() {
        WireDecoder decoder = WireDecoder.withDefaults();
        DecodeResult failed = decoder.feed(ByteBuffer.wrap(hex("00000001 00 | 01")));
        byte[] good = encoder.encode(new WireMessage.HaveOne(1));

        assertThat(decoder.feed(ByteBuffer.wrap(good))).isSameAs(failed);
        assertThat(decoder.isFailed()).isTrue();
    }

    @Test
    void messages_before_an_error_in_the_same_chunk_are_dropped_with_the_connection() {
        byte[] good = encoder.encode(new WireMessage.HaveOne(1));
        byte[] both = Arrays.copyOf(good, good.length + 6);
        System.arraycopy(hex("00000001 00 | 01"), 0, both, good.length, 6);

        assertThat(kindOf(WireDecoder.withDefaults().feed(ByteBuffer.wrap(both))))
                .isEqualTo(Kind.UNKNOWN_TYPE);
    }

    // ---- helpers

    private static final Set<MessageType> FIXED = Set.of(
            MessageType.HAVE_ONE,
            MessageType.REQUEST,
            MessageType.CANCEL,
            MessageType.REJECT,
            MessageType.BYE,
            MessageType.WINDOW);

    private static boolean fixedSize(WireMessage m) {
        return FIXED.contains(m.type());
    }

    private int payloadLength(WireMessage m) {
        return encoder.frameLength(m) - WireLimits.HEADER_BYTES;
    }

    private static Arguments invalid(String name, String hex, Kind kind) {
        return Arguments.of(name, hex(hex), kind);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").replace("|", ""));
    }

    static byte[] withDeclaredLength(byte[] frame, long length) {
        byte[] copy = frame.clone();
        ByteBuffer.wrap(copy).putInt((int) length);
        return copy;
    }

    static DecodeResult decoded(WireMessage m) {
        return new DecodeResult.Decoded(List.of(m));
    }

    static Kind kindOf(DecodeResult r) {
        assertThat(r).isInstanceOf(DecodeResult.Failed.class);
        return ((DecodeResult.Failed) r).error().kind();
    }
}
