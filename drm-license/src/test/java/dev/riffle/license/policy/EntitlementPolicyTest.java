package dev.riffle.license.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EntitlementPolicyTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    static final EntitlementPolicy POLICY = new EntitlementPolicy(InstantSource.fixed(NOW), Duration.ofHours(4));

    static Subscriber who(String plan, String territory) {
        return new Subscriber("acct", Plan.parse(plan), Optional.ofNullable(territory));
    }

    static TitlePolicy title(String plan, Set<String> territories, String from, String until) {
        return new TitlePolicy(
                "t1",
                Plan.parse(plan).orElseThrow(),
                territories,
                Optional.ofNullable(from).map(Instant::parse),
                Optional.ofNullable(until).map(Instant::parse));
    }

    /** subscriber plan, territory | title plan, territories, from, until | expected reason (null = granted). */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("premium", "FR", "premium", Set.of(), null, null, null),
                Arguments.of("premium", "FR", "basic", Set.of(), null, null, null),
                Arguments.of("standard", "US", "standard", Set.of("US"), null, null, null),
                Arguments.of("basic", "DE", "standard", Set.of(), null, null, DenialReason.PLAN),
                Arguments.of("standard", "US", "premium", Set.of(), null, null, DenialReason.PLAN),
                Arguments.of(null, "FR", "basic", Set.of(), null, null, DenialReason.PLAN),
                Arguments.of("bogus", "FR", "basic", Set.of(), null, null, DenialReason.PLAN),
                Arguments.of("premium", "DE", "basic", Set.of("FR", "US"), null, null, DenialReason.TERRITORY),
                Arguments.of("premium", null, "basic", Set.of("FR"), null, null, DenialReason.TERRITORY),
                Arguments.of("premium", null, "basic", Set.of(), null, null, null),
                Arguments.of("premium", "FR", "basic", Set.of(), "2026-07-01T00:00:00Z", null, DenialReason.WINDOW),
                Arguments.of("premium", "FR", "basic", Set.of(), null, "2026-06-01T12:00:00Z", DenialReason.WINDOW),
                Arguments.of("premium", "FR", "basic", Set.of(), "2026-06-01T12:00:00Z", null, null),
                Arguments.of("premium", "FR", "basic", Set.of(), "2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z", null),
                // plan is checked before territory, territory before window
                Arguments.of("basic", "DE", "premium", Set.of("FR"), "2027-01-01T00:00:00Z", null, DenialReason.PLAN),
                Arguments.of(
                        "premium", "DE", "basic", Set.of("FR"), "2027-01-01T00:00:00Z", null, DenialReason.TERRITORY));
    }

    @ParameterizedTest(name = "[{index}] {0}/{1} vs {2}/{3} [{4},{5}) -> {6}")
    @MethodSource("rules")
    void decides_by_plan_then_territory_then_window(
            String plan,
            String territory,
            String required,
            Set<String> territories,
            String from,
            String until,
            DenialReason expected) {
        Decision d = POLICY.decide(who(plan, territory), title(required, territories, from, until));
        if (expected == null) {
            assertThat(d).isInstanceOf(Decision.Granted.class);
        } else {
            assertThat(d).isEqualTo(new Decision.Denied(expected));
        }
    }

    @ParameterizedTest(name = "window ends {0} -> license until {1}")
    @MethodSource("expiries")
    void license_lasts_the_configured_duration_but_not_beyond_the_window(String until, String expected) {
        Decision d = POLICY.decide(who("premium", "FR"), title("basic", Set.of(), null, until));
        assertThat(d).isEqualTo(new Decision.Granted(Instant.parse(expected)));
    }

    static Stream<Arguments> expiries() {
        return Stream.of(
                Arguments.of(null, "2026-06-01T16:00:00Z"),
                Arguments.of("2026-06-02T00:00:00Z", "2026-06-01T16:00:00Z"),
                Arguments.of("2026-06-01T13:00:00Z", "2026-06-01T13:00:00Z"));
    }
}
