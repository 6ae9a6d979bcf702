package dev.riffle.servicekit.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProblemTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBodyHasTheDocumentedShape() {
        assertThat(Problem.of(429, "rate-limited", "too many announces").toJson())
                .isEqualTo("{\"type\":\"https://riffle.dev/problems/rate-limited\",\"title\":\"Too Many Requests\","
                        + "\"status\":429,\"detail\":\"too many announces\",\"reason\":\"rate-limited\"}");
        assertThat(Problem.of(400, "bad-json", "field 'name': expected a string")
                        .withField("name")
                        .toJson())
                .endsWith(",\"reason\":\"bad-json\",\"field\":\"name\"}");
        assertThat(Problem.of(404, "not-found", null).toJson()).doesNotContain("detail");
    }

    @Test
    void anyTextSurvivesTheRoundTrip() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            String detail = text(random);
            String field = random.nextBoolean() ? null : text(random);
            Problem p = new Problem("t" + text(random), text(random), 400 + random.nextInt(200), detail, "x", field);
            JsonNode n = JSON.readTree(p.toJson());
            assertThat(n.path("type").asText()).isEqualTo(p.type());
            assertThat(n.path("title").asText()).isEqualTo(p.title());
            assertThat(n.path("status").asInt()).isEqualTo(p.status());
            assertThat(
                            n.path("detail").isMissingNode()
                                    ? null
                                    : n.path("detail").asText())
                    .isEqualTo(detail);
            assertThat(n.path("field").isMissingNode() ? null : n.path("field").asText())
                    .isEqualTo(field);
        }
    }

    @Test
    void onlyErrorStatusesAndPlainReasons() {
        assertThatThrownBy(() -> Problem.of(200, "ok", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Problem.of(400, "Bad Reason", "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Problem.of(403, "concurrent_streams", "").type())
                .isEqualTo("https://riffle.dev/problems/concurrent_streams");
    }

    @Test
    void retryAfterIsWholeSecondsAtLeastOne() {
        assertThat(ProblemException.retryAfterSeconds(Duration.ZERO)).isEqualTo("1");
        assertThat(ProblemException.retryAfterSeconds(Duration.ofMillis(1001))).isEqualTo("2");
        assertThat(ProblemException.retryAfterSeconds(Duration.ofSeconds(30))).isEqualTo("30");
        assertThat(ProblemException.rateLimited("slow down", Duration.ofSeconds(3))
                        .problem()
                        .status())
                .isEqualTo(429);
    }

    private static String text(SplittableRandom r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = r.nextInt(20); i < n; i++) {
            int kind = r.nextInt(4);
            b.appendCodePoint(
                    switch (kind) {
                        case 0 -> r.nextInt(0x20); // control characters
                        case 1 -> "\"\\/<>&'".charAt(r.nextInt(7));
                        case 2 -> 0x1F600 + r.nextInt(50); // outside the BMP
                        default -> 0x20 + r.nextInt(0x2000);
                    });
        }
        return b.toString();
    }
}
