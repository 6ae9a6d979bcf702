package dev.riffle.tracker.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.testkit.Fuzz;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Bounded, seeded fuzzing of the stats report parser: a report or a typed Invalid, nothing else. */
class StatsParserFuzzTest {
    static final String VALID = "{\"peerId\":\"AbCdEfGhIjKlMnOp.tv\",\"entries\":[{\"title\":\"t-42\",\"rendition\":"
            + "\"720p\",\"bytesFromPeers\":7340032,\"bytesFromCdn\":1048576,\"bytesUploaded\":5242880,\"stalls\":0,"
            + "\"startupMs\":850}]}";
    static final String ALPHABET = Fuzz.JSON_ALPHABET;

    final StatsParser parser = new StatsParser();

    boolean parses(byte[] body) {
        try {
            StatsReport r = parser.parse(body);
            assertThat(r.entries()).isNotEmpty().hasSizeLessThanOrEqualTo(StatsParser.MAX_ENTRIES);
            for (StatsReport.Entry e : r.entries()) {
                assertThat(e.bytesFromPeers()).isBetween(0L, StatsParser.MAX_COUNTER);
                assertThat(e.bytesFromCdn()).isBetween(0L, StatsParser.MAX_COUNTER);
                assertThat(e.bytesUploaded()).isBetween(0L, StatsParser.MAX_COUNTER);
                assertThat(e.title()).matches("[A-Za-z0-9._:-]{1,128}");
            }
            return true;
        } catch (StatsParser.Invalid e) {
            assertThat(e.reason()).matches("[a-z-]+");
            assertThat(e.getMessage()).isNotBlank();
            return false;
        }
    }

    @Test
    void theDocumentedExampleParses() {
        assertThat(parses(VALID.getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void randomBytesNeverThrowAnythingButInvalid() {
        SplittableRandom random = new SplittableRandom(21);
        for (int i = 0; i < 20_000; i++) {
            parses(Fuzz.randomBytes(random, 300, ALPHABET));
        }
    }

    @Test
    void mutatedValidReportsNeverThrowAnythingButInvalid() {
        SplittableRandom random = new SplittableRandom(22);
        byte[] valid = VALID.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 20_000; i++) {
            parses(Fuzz.mutate(random, valid, ALPHABET));
        }
    }

    @Test
    void poisonousReportsAreInvalid() {
        for (String body : new String[] {
            "{\"entries\":[{\"title\":\"t\",\"bytesFromPeers\":1099511627777}]}",
            "{\"entries\":[{\"title\":\"t\",\"bytesFromPeers\":1e400}]}",
            "{\"entries\":[{\"title\":\"t\",\"bytesFromPeers\":-1}]}",
            "{\"entries\":[{\"title\":\"t\",\"bytesFromPeers\":\"10\"}]}",
            "{\"entries\":[{\"title\":\"t\",\"bytesFromPeers\":1.5}]}",
            "{\"entries\":[" + "{\"title\":\"t\"},".repeat(32) + "{\"title\":\"t\"}]}",
            "{\"entries\":[{\"title\":\"" + "x".repeat(129) + "\"}]}",
            "{\"entries\":[{\"title\":\"../../etc\"}]}",
            "[".repeat(10_000),
            ""
        }) {
            assertThat(parses(body.getBytes(StandardCharsets.UTF_8)))
                    .as(body.substring(0, Math.min(50, body.length())))
                    .isFalse();
        }
    }
}
