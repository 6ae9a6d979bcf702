package dev.riffle.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules the records, the encoder and version negotiation enforce. */
class WireRulesTest {

    private final WireEncoder encoder = WireEncoder.withDefaults();

    @Test
    void version_negotiation_picks_the_highest_version_both_speak() throws WireException {
        var a = new WireMessage.Hello(1, 3, WireSamples.PEER, WireSamples.SWARM);
        var b = new WireMessage.Hello(2, 5, WireSamples.PEER, WireSamples.SWARM);

        assertThat(WireVersion.negotiate(a, b)).isEqualTo(3);
        assertThat(WireVersion.negotiate(b, a)).isEqualTo(3);
    }

    @Test
    void version_ranges_that_do_not_overlap_are_an_unsupported_version() {
        var a = new WireMessage.Hello(1, 1, WireSamples.PEER, WireSamples.SWARM);
        var b = new WireMessage.Hello(2, 4, WireSamples.PEER, WireSamples.SWARM);

        assertThatThrownBy(() -> WireVersion.negotiate(a, b))
                .isInstanceOfSatisfying(
                        WireException.class, e -> assertThat(e.kind()).isEqualTo(WireError.Kind.UNSUPPORTED_VERSION));
    }

    @Test
    void records_refuse_values_the_wire_cannot_carry() {
        assertThatThrownBy(() -> new WireMessage.Hello(0, 1, WireSamples.PEER, WireSamples.SWARM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireId.of(new byte[33])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireId.of(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireMessage.HaveOne(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireMessage.Request(1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireMessage.Data.of(1, -1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireMessage.Data.of(1, 0, new byte[WireMessage.Data.MAX_PAYLOAD + 1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireMessage.Have.of(new SegmentRange(0, 2), new SegmentRange(2, 1)))
                .as("adjacent ranges have a canonical merged form")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireMessage.Claims.of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireMessage.Claims.of(new WireMessage.Claim(2, 0), new WireMessage.Claim(2, 1)))
                .as("one claim per segment, in order")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireMessage.Claim(0, 256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WireLimits(WireLimits.MAX_FRAME_BYTES + 1))
                .as("limits are configurable downwards only")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ids_are_values_and_do_not_leak_their_array() {
        byte[] raw = {1, 2, 3};
        WireId id = WireId.of(raw);
        raw[0] = 9;
        id.bytes()[1] = 9;

        assertThat(id).isEqualTo(WireId.ofHex("010203"));
        assertThat(id.toString()).isEqualTo("010203");
    }

    @Test
    void a_contiguous_have_uses_the_ranges_form_and_a_scattered_one_the_bitfield() {
        WireMessage.Have contiguous = WireMessage.Have.of(new SegmentRange(0, 5_000));
        var scattered = new java.util.BitSet();
        for (int i = 0; i < 2_000; i += 2) {
            scattered.set(i);
        }

        assertThat(encoder.encode(contiguous)[5]).isEqualTo((byte) HaveCodec.RANGES);
        assertThat(encoder.frameLength(contiguous)).isEqualTo(5 + 3 + 8);
        assertThat(encoder.encode(WireMessage.Have.of(scattered))[5]).isEqualTo((byte) HaveCodec.BITFIELD);
        assertThat(encoder.frameLength(WireMessage.Have.of(scattered))).isEqualTo(5 + 9 + 250);
    }

    @Test
    void the_largest_have_fits_the_smallest_frame_only_if_it_is_small() {
        var ranges = new java.util.ArrayList<SegmentRange>();
        for (int i = 0; i < WireMessage.Have.MAX_RANGES; i++) {
            ranges.add(SegmentRange.single(i * 1_000));
        }
        WireMessage.Have biggest = new WireMessage.Have(ranges);

        assertThat(encoder.frameLength(biggest)).isLessThanOrEqualTo(WireLimits.DEFAULT.maxFrameBytes());
        assertThatThrownBy(() -> new WireEncoder(new WireLimits(WireLimits.MIN_FRAME_BYTES)).encode(biggest))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encoding_into_a_buffer_that_is_too_small_writes_nothing() {
        ByteBuffer dst = ByteBuffer.allocate(10);

        assertThatThrownBy(() -> encoder.encode(new WireMessage.Request(1, 2, 3, 4), dst))
                .isInstanceOf(BufferOverflowException.class);
        assertThat(dst.position()).isZero();
    }

    @Test
    void the_wire_is_big_endian_whatever_the_buffer_order() {
        ByteBuffer dst = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        encoder.encode(new WireMessage.HaveOne(0x01020304), dst);

        assertThat(dst.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(java.util.Arrays.copyOf(dst.array(), 9))
                .containsExactly(0, 0, 0, 4, MessageType.HAVE_ONE.code(), 1, 2, 3, 4);
    }

    @Test
    void encode_data_writes_the_same_bytes_as_the_record_and_leaves_the_payload_untouched() {
        ByteBuffer payload = ByteBuffer.wrap(WireSamples.bytes(1_000, 5));
        payload.position(100);
        ByteBuffer viaHotPath = ByteBuffer.allocate(2_000);

        int written = encoder.encodeData(7, 4_096, payload, viaHotPath);

        assertThat(payload.position()).isEqualTo(100);
        assertThat(viaHotPath.flip().remaining()).isEqualTo(written);
        assertThat(viaHotPath).isEqualTo(ByteBuffer.wrap(encoder.encode(new WireMessage.Data(7, 4_096, payload))));
    }

    @Test
    void the_example_exchange_in_the_docs_is_byte_exact() {
        WireId peer = WireId.ofHex("00112233445566778899aabbccddeeff");
        WireId swarm = WireId.ofHex("5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e");
        List<WireMessage> exchange = List.of(
                WireMessage.Hello.of(peer, swarm),
                WireMessage.Have.of(new SegmentRange(0, 42)),
                new WireMessage.Request(1, 7, 0, 16_384),
                WireMessage.Data.of(1, 0, new byte[] {(byte) 0xDE, (byte) 0xAD}));

        assertThat(java.util.HexFormat.of()
                        .formatHex(encoder.encodeAll(exchange).array()))
                .isEqualTo("000000280101011000112233445566778899aabbccddeeff145ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e"
                        + "0000000b02000001000000000000002a"
                        + "000000100400000001000000070000000000004000"
                        + "0000000a050000000100000000dead");
    }

    @Test
    void claims_are_an_extension_with_the_documented_bytes() {
        var claims = WireMessage.Claims.of(
                new WireMessage.Claim(7, 0), new WireMessage.Claim(8, 1), new WireMessage.Claim(9, 255));

        assertThat(MessageType.isExtension(MessageType.CLAIMS.code())).isTrue();
        assertThat(encoder.encode(claims))
                .isEqualTo(WireFailureKindsTest.hex("00000011 80 | 0003 | 00000007 00 | 00000008 01 | 00000009 FF"));
        assertThat(claims.claims().get(2).withdrawn()).isTrue();
        assertThat(encoder.encode(new WireMessage.Window(40, 22)))
                .isEqualTo(WireFailureKindsTest.hex("00000008 81 | 00000028 | 00000016"));
        assertThat(new WireMessage.Window(40, 22).contains(61)).isTrue();
        assertThat(WireMessage.Window.NONE.contains(0)).isFalse();
    }
}
