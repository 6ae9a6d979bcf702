package dev.riffle.license.devidp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeviceGrantsTest {
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    final InstantSource clock = () -> now;
    final DeviceGrants grants =
            new DeviceGrants(clock, new SplittableRandom(1), Duration.ofMinutes(10), Duration.ofSeconds(5));

    void advance(long seconds) {
        now = now.plusSeconds(seconds);
    }

    @Test
    void a_code_is_pending_until_approved_then_grants_once() {
        var a = grants.start("riffle-agent");
        assertThat(a.userCode()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
        assertThat(a.deviceCode()).hasSize(43);
        assertThat(a.interval()).isEqualTo(5);
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Pending.class);
        advance(5);
        assertThat(grants.approve(a.userCode().toLowerCase().replace("-", " "), "carol"))
                .isTrue();
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isEqualTo(new DeviceGrants.Poll.Approved("carol"));
        advance(5);
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Expired.class);
        assertThat(grants.approve(a.userCode(), "dave")).isFalse();
    }

    @Test
    void polling_faster_than_half_the_interval_is_told_to_slow_down() {
        var a = grants.start("riffle-agent");
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Pending.class);
        advance(1);
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.SlowDown.class);
        advance(3);
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Pending.class);
    }

    @Test
    void denied_expired_and_other_clients_codes_never_grant() {
        var denied = grants.start("riffle-agent");
        assertThat(grants.deny(denied.userCode())).isTrue();
        assertThat(grants.approve(denied.userCode(), "carol")).isFalse();
        assertThat(grants.poll(denied.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Denied.class);

        var other = grants.start("riffle-agent");
        grants.approve(other.userCode(), "carol");
        assertThat(grants.poll(other.deviceCode(), "riffle-test-short-lived"))
                .isInstanceOf(DeviceGrants.Poll.Expired.class);

        var late = grants.start("riffle-agent");
        advance(600);
        assertThat(grants.approve(late.userCode(), "carol")).isFalse();
        assertThat(grants.poll(late.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Expired.class);
        assertThat(grants.poll("no-such-code", "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Expired.class);
        assertThat(grants.poll(null, "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Expired.class);
    }

    @Test
    void a_pkce_grant_answers_only_the_matching_verifier() {
        String verifier = "a".repeat(43);
        var a = grants.start("riffle-agent", DeviceGrants.s256(verifier));
        grants.approve(a.userCode(), "carol");
        assertThat(grants.poll(a.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.BadVerifier.class);
        assertThat(grants.poll(a.deviceCode(), "riffle-agent", "b".repeat(43)))
                .isInstanceOf(DeviceGrants.Poll.BadVerifier.class);
        assertThat(grants.poll(a.deviceCode(), "riffle-agent", verifier))
                .isEqualTo(new DeviceGrants.Poll.Approved("carol"));
        // RFC 7636 appendix B.
        assertThat(DeviceGrants.s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void pending_grants_are_bounded() {
        var first = grants.start("riffle-agent");
        for (int i = 0; i < DeviceGrants.MAX_PENDING + 10; i++) grants.start("riffle-agent");
        assertThat(grants.pending()).isEqualTo(DeviceGrants.MAX_PENDING);
        assertThat(grants.poll(first.deviceCode(), "riffle-agent")).isInstanceOf(DeviceGrants.Poll.Expired.class);
    }
}
