package dev.riffle.license.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.riffle.license.policy.DenialReason;
import dev.riffle.license.policy.StreamLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The contract every session store meets; run against the in-memory store and Redis. */
public abstract class SessionStoreContract {
    static final StreamLimits LIMITS = new StreamLimits(2, 3);
    static final Duration TTL = Duration.ofSeconds(90);
    static final Duration DEVICE_TTL = Duration.ofDays(30);
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    protected abstract SessionStore store();

    private final String account = "acct-" + UUID.randomUUID();

    private Admission open(String device, Instant now) {
        return store().open(new SessionRequest(
                SessionIds.newSessionId(), account, device, "t1", LIMITS, now, TTL, DEVICE_TTL));
    }

    private Session opened(String device, Instant now) {
        Admission a = open(device, now);
        assertThat(a).isInstanceOf(Admission.Opened.class);
        return ((Admission.Opened) a).session();
    }

    @Test
    void sessions_open_up_to_the_stream_limit() {
        Session s = opened("tv", T0);
        assertThat(s.expiresAt()).isEqualTo(T0.plus(TTL));
        assertThat(s.deviceId()).isEqualTo("tv");
        opened("tv", T0);
        assertThat(open("tv", T0)).isEqualTo(new Admission.Refused(DenialReason.CONCURRENT_STREAMS));
    }

    @Test
    void released_and_expired_sessions_free_their_slot() {
        Session a = opened("tv", T0);
        opened("tv", T0);
        assertThat(store().release(account, a.id(), T0)).isTrue();
        assertThat(store().release(account, a.id(), T0)).isFalse();
        opened("tv", T0);
        assertThat(open("tv", T0.plusSeconds(89))).isInstanceOf(Admission.Refused.class);
        assertThat(open("tv", T0.plusSeconds(91))).isInstanceOf(Admission.Opened.class);
    }

    @Test
    void heartbeats_keep_a_session_alive() {
        Session a = opened("tv", T0);
        Instant later = T0.plusSeconds(60);
        assertThat(store().renew(account, a.id(), later, TTL, DEVICE_TTL))
                .hasValueSatisfying(s -> assertThat(s.expiresAt()).isEqualTo(later.plus(TTL)));
        assertThat(store().find(account, a.id(), T0.plusSeconds(120))).isPresent();
        assertThat(store().find(account, a.id(), later.plus(TTL).plusSeconds(1)))
                .isEmpty();
        assertThat(store().renew(account, a.id(), later.plus(TTL).plusSeconds(1), TTL, DEVICE_TTL))
                .isEmpty();
    }

    @Test
    void sessions_belong_to_their_account() {
        Session a = opened("tv", T0);
        assertThat(store().find("someone-else", a.id(), T0)).isEmpty();
        assertThat(store().renew("someone-else", a.id(), T0, TTL, DEVICE_TTL)).isEmpty();
        assertThat(store().release("someone-else", a.id(), T0)).isFalse();
        assertThat(store().find(account, a.id(), T0)).isPresent();
    }

    @Test
    void a_fourth_device_is_refused_until_one_ages_out() {
        for (String d : new String[] {"tv", "phone", "laptop"}) {
            Session s = opened(d, T0);
            store().release(account, s.id(), T0);
        }
        assertThat(open("tablet", T0.plusSeconds(1))).isEqualTo(new Admission.Refused(DenialReason.DEVICES));
        assertThat(open("phone", T0.plusSeconds(1))).isInstanceOf(Admission.Opened.class);
        assertThat(open("tablet", T0.plus(DEVICE_TTL).plusSeconds(1))).isInstanceOf(Admission.Opened.class);
    }

    @Test
    void an_accounts_live_sessions_are_listed_oldest_first() {
        Session first = opened("tv", T0);
        Session second = opened("phone", T0.plusSeconds(1));
        assertThat(store().list(account, T0.plusSeconds(2)))
                .extracting(Session::id, Session::deviceId, Session::titleId, Session::startedAt)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(first.id(), "tv", "t1", T0),
                        org.assertj.core.groups.Tuple.tuple(second.id(), "phone", "t1", T0.plusSeconds(1)));
        assertThat(store().list("someone-else", T0)).isEmpty();
        store().release(account, first.id(), T0.plusSeconds(2));
        assertThat(store().list(account, T0.plusSeconds(2)))
                .extracting(Session::id)
                .containsExactly(second.id());
        assertThat(store().list(account, T0.plusSeconds(92))).isEmpty();
    }
}
