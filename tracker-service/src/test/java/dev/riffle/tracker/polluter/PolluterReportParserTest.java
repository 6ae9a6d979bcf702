package dev.riffle.tracker.polluter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PolluterReportParserTest {
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final String REPORTER = "AAAAAAAAAAAAAAAA.0";
    static final String OFFENDER = "BBBBBBBBBBBBBBBB.1";

    static String body(
            String reporter, String offender, String swarm, String segment, String expected, String received) {
        return """
                {"peerId":"%s","offender":"%s","swarm":"%s","segment":%s,"expected":"%s","received":"%s"}""".formatted(reporter, offender, swarm, segment, expected, received);
    }

    private static PolluterReport parse(String json) throws PolluterReportParser.Invalid {
        return PolluterReportParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(String json) {
        var e = catchThrowableOfType(PolluterReportParser.Invalid.class, () -> parse(json));
        assertThat(e).as(json).isNotNull();
        return e.reason();
    }

    @Test
    void aWellFormedReportIsRead() throws Exception {
        var r = parse(body(REPORTER, OFFENDER, "t1.r720", "12", A, B));
        assertThat(r).isEqualTo(new PolluterReport(REPORTER, OFFENDER, "t1.r720", 12, A, B));
    }

    @Test
    void eachMalformedPartHasItsOwnReason() {
        assertThat(reason("not json")).isEqualTo("bad-json");
        assertThat(reason("[1]")).isEqualTo("bad-json");
        assertThat(reason("{\"peerId\":\"x\",\"extra\":1}")).isEqualTo("unknown-field");
        assertThat(reason("{\"offender\":\"" + OFFENDER + "\"}")).isEqualTo("missing-field");
        assertThat(reason(body("nodot", OFFENDER, "s", "1", A, B))).isEqualTo("bad-peer-id");
        assertThat(reason(body(REPORTER, REPORTER, "s", "1", A, B))).isEqualTo("self-report");
        assertThat(reason(body(REPORTER, OFFENDER, "bad swarm", "1", A, B))).isEqualTo("bad-swarm-id");
        assertThat(reason(body(REPORTER, OFFENDER, "s", "-1", A, B))).isEqualTo("bad-segment");
        assertThat(reason(body(REPORTER, OFFENDER, "s", "1.5", A, B))).isEqualTo("bad-segment");
        assertThat(reason(body(REPORTER, OFFENDER, "s", "\"1\"", A, B))).isEqualTo("bad-segment");
        assertThat(reason(body(REPORTER, OFFENDER, "s", "1", A.toUpperCase(), B)))
                .isEqualTo("bad-hash");
        assertThat(reason(body(REPORTER, OFFENDER, "s", "1", A, "abc"))).isEqualTo("bad-hash");
        assertThat(reason(body(REPORTER, OFFENDER, "s", "1", A, A))).isEqualTo("no-mismatch");
        assertThat(reason("{\"peerId\":1,\"offender\":\"" + OFFENDER + "\"}")).isEqualTo("bad-field");
    }
}
