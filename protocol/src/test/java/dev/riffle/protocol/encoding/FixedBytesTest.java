package dev.riffle.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.protocol.hash.Sha256;
import dev.riffle.protocol.manifest.ContentKeyId;
import dev.riffle.protocol.manifest.Iv;
import dev.riffle.protocol.manifest.ManifestException;
import dev.riffle.protocol.swarm.SwarmId;
import dev.riffle.protocol.wire.WireId;
import org.junit.jupiter.api.Test;

class FixedBytesTest {
    @Test
    void copiesInAndOutSoAValueNeverChanges() {
        byte[] raw = {1, 2, 3, 4};
        FixedBytes v = FixedBytes.copyOf(raw, 4, IllegalStateException::new);
        raw[0] = 9;
        v.bytes()[1] = 9;
        assertThat(v.bytes()).containsExactly(1, 2, 3, 4);
        assertThat(v.hex()).isEqualTo("01020304");
        assertThat(v.base64url()).isEqualTo("AQIDBA");
        assertThat(v.matches(new byte[] {1, 2, 3, 4})).isTrue();
        assertThat(v.matches(new byte[] {1, 2, 3})).isFalse();
        assertThat(v.matches(null)).isFalse();
    }

    @Test
    void aWrongLengthIsTheCallersError() {
        assertThatThrownBy(() -> FixedBytes.copyOf(new byte[3], 4, () -> new IllegalStateException("three")))
                .hasMessage("three");
        assertThatThrownBy(() -> new ContentKeyId(new byte[15])).isInstanceOf(ManifestException.class);
        assertThatThrownBy(() -> new Iv((byte[]) null)).isInstanceOf(ManifestException.class);
        assertThatThrownBy(() -> new Sha256(new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SwarmId(FixedBytes.copyOf(new byte[21]))).hasMessageContaining("20 bytes");
        assertThatThrownBy(() -> WireId.of(new byte[33])).hasMessageContaining("1..32");
        assertThat(FixedBytes.fromHex("0A", 1)).isEmpty(); // uppercase: one textual form only
        assertThat(FixedBytes.fromBase64url("AQIDBA", 3)).isEmpty();
    }

    @Test
    void theIdsAreEqualByContentAndWrittenInTheirOwnForm() {
        byte[] sixteen = new byte[16];
        sixteen[15] = 7;
        assertThat(new ContentKeyId(sixteen)).isEqualTo(ContentKeyId.parse("AAAAAAAAAAAAAAAAAAAABw"));
        assertThat(new ContentKeyId(sixteen).hashCode())
                .isEqualTo(ContentKeyId.parse("AAAAAAAAAAAAAAAAAAAABw").hashCode());
        assertThat(Iv.ofSegmentIndex(7)).isEqualTo(new Iv(sixteen)).hasToString("AAAAAAAAAAAAAAAAAAAABw");
        Sha256 empty = Sha256.of(new byte[0]);
        assertThat(empty).hasToString("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.fromHex(empty.hex())).isEqualTo(empty);
        SwarmId swarm = SwarmId.of("t", "r");
        assertThat(SwarmId.parse(swarm.hex())).contains(swarm);
        assertThat(WireId.ofHex("0aff"))
                .isEqualTo(WireId.of(new byte[] {10, -1}))
                .hasToString("0aff");
        assertThat(WireId.ofHex("0aff").length()).isEqualTo(2);
    }
}
