package dev.riffle.tracker.announce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.testkit.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bounded, seeded fuzzing of the announce parser: a request or a typed Invalid, nothing else. */
class AnnounceParserFuzzTest {

    static final String VALID = "{\"event\":\"started\",\"peerId\":\"AbCdEfGhIjKlMnOp.tv\",\"uploadCapacity\":2000000,"
            + "\"uploading\":0,\"numWant\":30,\"swarms\":[{\"id\":\"t-42.r720\",\"playhead\":12,\"have\":[[0,40],[50,60]]}],"
            + "\"claim\":{\"asn\":3320,\"country\":\"DE\",\"region\":\"BE\"}}";
    static final String ALPHABET = Fuzz.JSON_ALPHABET;

    final AnnounceParser parser = new AnnounceParser(8, 64, 30);

    static boolean parses(AnnounceParser parser, byte[] body) {
        try {
            return parser.parse(body) != null;
        } catch (AnnounceParser.Invalid e) {
            assertThat(e.reason()).matches("[a-z-]+");
            assertThat(e.getMessage()).isNotBlank();
            return false;
        }
    }

    @Test
    void theDocumentedExampleParses() throws Exception {
        AnnounceRequest r = parser.parse(VALID.getBytes(StandardCharsets.UTF_8));
        assertThat(r.event()).isEqualTo(AnnounceRequest.Event.STARTED);
        assertThat(r.swarms().get(0).have().encode()).isEqualTo("0-40,50-60");
        assertThat(r.claim()).isPresent();
    }

    @Test
    void aLiveSwarmSaysHowFarBehindTheEdgeItPlays() throws Exception {
        String live = "{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"playhead\":7,\"behindEdgeMs\":2400},"
                + "{\"id\":\"b\",\"playhead\":7}]}";
        AnnounceRequest r = parser.parse(live.getBytes(StandardCharsets.UTF_8));
        assertThat(r.swarms())
                .extracting(AnnounceRequest.SwarmState::behindEdgeMs)
                .containsExactly(2400L, -1L);
    }

    @Test
    void limitsAreEnforced() {
        String many = "{\"event\":\"started\",\"swarms\":[" + "{\"id\":\"a\"},".repeat(8) + "{\"id\":\"b\"}]}";
        assertThatThrownBy(() -> parser.parse(many.getBytes(StandardCharsets.UTF_8)))
                .hasFieldOrPropertyWithValue("reason", "too-many-swarms");
        String ranges =
                "{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"have\":[" + "[1,2],".repeat(64) + "[3,4]]}]}";
        assertThatThrownBy(() -> parser.parse(ranges.getBytes(StandardCharsets.UTF_8)))
                .hasFieldOrPropertyWithValue("reason", "too-many-ranges");
    }

    @Test
    void randomBytesNeverThrowAnythingButInvalid() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            parses(parser, Fuzz.randomBytes(random, 300, ALPHABET));
        }
    }

    @Test
    void mutatedValidAnnouncesNeverThrowAnythingButInvalid() {
        SplittableRandom random = new SplittableRandom(12);
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            parses(parser, Fuzz.mutate(random, valid, ALPHABET));
        }
    }

    @Test
    void absurdNumbersAndNestingAreInvalid() {
        for (String body : new String[] {
            "{\"event\":\"started\",\"uploadCapacity\":1e400,\"swarms\":[{\"id\":\"a\"}]}",
            "{\"event\":\"started\",\"uploadCapacity\":99999999999999999999999,\"swarms\":[{\"id\":\"a\"}]}",
            "{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"playhead\":1.5}]}",
            "{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"behindEdgeMs\":-1}]}",
            "{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"behindEdgeMs\":\"3s\"}]}",
            "{\"event\":\"started\",\"swarms\":[{\"id\":\"a\",\"behindEdgeMs\":99999999999}]}",
            "[".repeat(10_000),
            ""
        }) {
            assertThat(parses(parser, body.getBytes(StandardCharsets.UTF_8)))
                    .as(body.substring(0, Math.min(40, body.length())))
                    .isFalse();
        }
    }
}
