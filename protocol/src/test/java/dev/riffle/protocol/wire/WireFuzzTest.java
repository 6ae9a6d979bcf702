package dev.riffle.protocol.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Hostile bytes may only ever produce messages, need-more or a typed error: no other exception, no hang. */
class WireFuzzTest {

    private static final int INPUTS = 100_000;
    private static final List<byte[]> VALID = WireSamples.oneOfEach().stream()
            .map(WireEncoder.withDefaults()::encode)
            .toList();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void a_hundred_thousand_random_inputs_only_decode_need_more_or_fail_with_a_typed_error() {
        SplittableRandom random = new SplittableRandom(0x5EED_2026L);
        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        Map<WireError.Kind, Integer> kinds = new EnumMap<>(WireError.Kind.class);
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = input(random, i);

            DecodeResult oneShot = WireDecoder.decodeMessage(ByteBuffer.wrap(input), limitsFor(i));
            checkShape(oneShot);
            outcomes.merge("one-shot " + oneShot.getClass().getSimpleName(), 1, Integer::sum);
            if (oneShot instanceof DecodeResult.Failed f) {
                kinds.merge(f.error().kind(), 1, Integer::sum);
            }

            WireDecoder decoder = new WireDecoder(limitsFor(i));
            int chunk = 1 + random.nextInt(Math.max(1, input.length));
            for (DecodeResult r : WireSamples.feedInChunksRaw(decoder, input, chunk)) {
                checkShape(r);
            }
        }
        assertThat(outcomes)
                .as("the corpus exercises every outcome")
                .containsKeys("one-shot Decoded", "one-shot Failed");
        assertThat(kinds)
                .as("and most error kinds")
                .containsKeys(
                        WireError.Kind.UNKNOWN_TYPE,
                        WireError.Kind.BAD_LENGTH,
                        WireError.Kind.FRAME_TOO_LARGE,
                        WireError.Kind.BAD_FIELD,
                        WireError.Kind.TRUNCATED);
    }

    /** A mix: pure noise, plausible headers with noise payloads, and valid frames with a few bytes flipped. */
    private static byte[] input(SplittableRandom random, int i) {
        switch (i % 3) {
            case 0 -> {
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                return b;
            }
            case 1 -> {
                int length = random.nextInt(40);
                byte[] b = new byte[5 + random.nextInt(48)];
                random.nextBytes(b);
                ByteBuffer.wrap(b).putInt(length).put((byte) (random.nextInt(10) == 0 ? 0x80 : 1 + random.nextInt(8)));
                return b;
            }
            default -> {
                byte[] b = VALID.get(random.nextInt(VALID.size())).clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return b;
            }
        }
    }

    private static WireLimits limitsFor(int i) {
        return i % 7 == 0 ? new WireLimits(WireLimits.MIN_FRAME_BYTES) : WireLimits.DEFAULT;
    }

    private static void checkShape(DecodeResult r) {
        assertThat(r).isNotNull();
        if (r instanceof DecodeResult.Decoded d) {
            d.messages().forEach(m -> assertThat(m.type()).isNotNull());
        } else if (r instanceof DecodeResult.Failed f) {
            assertThat(f.error().kind()).isNotNull();
        } else {
            assertThat(r).isInstanceOf(DecodeResult.NeedMore.class);
        }
    }
}
