package dev.riffle.tracker.signal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.tracker.admission.PeerIds;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bounded, seeded fuzzing: whatever arrives, decoding answers Ok or a typed Bad, and never throws. */
class SignalCodecFuzzTest {

    static final String VALID = "{\"type\":\"ice\",\"swarm\":\"t-1.r720\",\"to\":\"" + PeerIds.of("bob", "0")
            + "\",\"offerId\":\"o1\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 5000 typ host\",\"sdpMid\":\"0\","
            + "\"sdpMLineIndex\":0}";
    static final String ALPHABET = "{}[]\":,0123456789-+.eEtrufalsn \\/abcxyz\u00e9\u0000";

    final SignalCodec codec = new SignalCodec(65536);

    @Test
    void theValidMessageDecodes() {
        assertThat(codec.decode(VALID)).isInstanceOf(SignalCodec.Decoded.Ok.class);
    }

    static final String HANGUP = "{\"type\":\"hangup\",\"swarm\":\"t-1.r720\",\"to\":\"" + PeerIds.of("bob", "0")
            + "\",\"offerId\":\"o1\",\"reason\":\"closed\"}";

    @Test
    void hangupsDecodeWithOrWithoutAReason() {
        assertThat(codec.decode(HANGUP))
                .isEqualTo(new SignalCodec.Decoded.Ok(
                        new SignalMessage.Hangup("t-1.r720", PeerIds.of("bob", "0"), "o1", "closed")));
        assertThat(codec.decode(HANGUP.replace(",\"reason\":\"closed\"", "")))
                .isEqualTo(new SignalCodec.Decoded.Ok(
                        new SignalMessage.Hangup("t-1.r720", PeerIds.of("bob", "0"), "o1", null)));
        assertThat(codec.decode(HANGUP.replace("\"closed\"", "42")))
                .isEqualTo(new SignalCodec.Decoded.Bad("bad-reason"));
        assertThat(codec.decode(HANGUP.replace("closed", "x".repeat(129))))
                .isEqualTo(new SignalCodec.Decoded.Bad("bad-reason"));
        String relayed = SignalCodec.encodeRelayed(
                new SignalMessage.Hangup("t-1.r720", PeerIds.of("bob", "0"), "o1", "closed"), PeerIds.of("al", "0"));
        assertThat(SignalCodec.decodeRelayed(relayed).message())
                .isEqualTo(new SignalMessage.Hangup("t-1.r720", PeerIds.of("bob", "0"), "o1", "closed"));
    }

    @Test
    void randomTextNeverThrows() {
        SplittableRandom random = new SplittableRandom(20261122);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(200);
            for (int j = 0; j < len; j++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            assertThat(codec.decode(sb.toString())).isNotNull();
        }
    }

    @Test
    void mutatedValidMessagesNeverThrow() {
        SplittableRandom random = new SplittableRandom(7);
        int ok = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] valid = (i % 2 == 0 ? VALID : HANGUP).getBytes(StandardCharsets.UTF_8);
            byte[] b = valid.clone();
            for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            String text = new String(b, 0, random.nextInt(b.length + 1), StandardCharsets.UTF_8);
            SignalCodec.Decoded d = codec.decode(text);
            assertThat(d).isNotNull();
            if (d instanceof SignalCodec.Decoded.Bad bad) {
                assertThat(bad.reason()).matches("[a-z-]+");
            } else {
                ok++;
            }
        }
        assertThat(ok).isLessThan(20_000);
    }

    @Test
    void deeplyNestedAndHugeInputsAreBadNotFatal() {
        assertThat(codec.decode("[".repeat(100_000))).isInstanceOf(SignalCodec.Decoded.Bad.class);
        assertThat(codec.decode("{\"type\":\"" + "a".repeat(70_000) + "\"}"))
                .isInstanceOf(SignalCodec.Decoded.Bad.class);
    }
}
