package dev.riffle.servicekit.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.riffle.servicekit.problem.Problem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The leniencies a hostile tester found in request bodies, each refused as a bad-json problem naming the field. */
class StrictJsonTest {
    record Body(String name, String summary, List<String> territories, Instant availableFrom, Long sourceBytes) {}

    static final ObjectMapper STRICT = StrictJson.apply(
            JsonMapper.builder().addModule(new JavaTimeModule()).build());

    static Problem refusal(String json) {
        try {
            STRICT.readValue(json, Body.class);
        } catch (JsonProcessingException e) {
            return JsonProblems.of(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void wellFormedBodiesStillRead() throws Exception {
        Body b = STRICT.readValue(
                "{\"name\":\"x\",\"territories\":[\"FR\"],\"availableFrom\":\"2026-01-01T00:00:00Z\",\"sourceBytes\":10}",
                Body.class);
        assertThat(b.availableFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(STRICT.readValue("{\"name\":\"x\",\"availableFrom\":null}", Body.class)
                        .availableFrom())
                .isNull();
    }

    @Test
    void aNumberIsNotAnInstant() {
        Problem p = refusal("{\"name\":\"x\",\"availableFrom\":12}");
        assertThat(p.reason()).isEqualTo("bad-json");
        assertThat(p.field()).isEqualTo("availableFrom");
        assertThat(p.detail()).contains("RFC 3339");
        assertThat(refusal("{\"availableFrom\":\"yesterday\"}").field()).isEqualTo("availableFrom");
    }

    @Test
    void aStringIsNotANumberNorANumberAString() {
        assertThat(refusal("{\"sourceBytes\":\"10\"}").field()).isEqualTo("sourceBytes");
        assertThat(refusal("{\"sourceBytes\":1.5}").field()).isEqualTo("sourceBytes");
        assertThat(refusal("{\"name\":12}").field()).isEqualTo("name");
        assertThat(refusal("{\"name\":true}").detail()).isEqualTo("field 'name': expected a string");
    }

    @Test
    void wrongShapesNameTheField() {
        assertThat(refusal("{\"name\":\"x\",\"territories\":\"FR\"}").field()).isEqualTo("territories");
        assertThat(refusal("{\"name\":[\"x\"]}").field()).isEqualTo("name");
        assertThat(refusal("{\"territories\":[[\"FR\"]]}").field()).isEqualTo("territories[0]");
    }

    @Test
    void bodiesThatAreNotOneObjectAreRefused() {
        for (String body : List.of(
                "[]",
                "\"\"",
                "{}{}",
                "{\"name\":\"x\"} []",
                "{\"name\":\"x\"} 1",
                "[".repeat(100),
                "{\"name\":",
                "{\"a\":".repeat(40) + "1" + "}".repeat(40),
                "{\"name\":\"x\",\"summary\":{\"a\":1}}")) {
            Problem p = refusal(body);
            assertThat(p.reason()).as(body).isEqualTo("bad-json");
            assertThat(p.status()).isEqualTo(400);
            assertThat(p.detail()).as(body).doesNotContain("Body").doesNotContain("dev.riffle");
        }
    }
}
