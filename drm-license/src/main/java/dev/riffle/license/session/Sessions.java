package dev.riffle.license.session;

import dev.riffle.license.config.LicenseConfig;
import dev.riffle.license.policy.DenialReason;
import dev.riffle.license.policy.StreamLimits;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/** Opens, renews and releases sessions against the configured store with the configured limits and TTLs. */
@ApplicationScoped
public class Sessions {
    private final SessionStore store;
    private final StreamLimits limits;
    private final LicenseConfig.Sessions config;
    private final InstantSource clock;

    public Sessions(SessionStore store, StreamLimits limits, LicenseConfig config, InstantSource clock) {
        this.store = store;
        this.limits = limits;
        this.config = config.sessions();
        this.clock = clock;
    }

    public Admission open(String accountId, String deviceId, String titleId) {
        return store.open(new SessionRequest(
                SessionIds.newSessionId(),
                accountId,
                deviceId,
                titleId,
                limits,
                clock.instant(),
                config.ttl(),
                config.deviceTtl()));
    }

    public Optional<Session> renew(String accountId, String sessionId) {
        return store.renew(accountId, sessionId, clock.instant(), config.ttl(), config.deviceTtl());
    }

    /** The account's live sessions, oldest first. */
    public List<Session> list(String accountId) {
        return store.list(accountId, clock.instant());
    }

    public boolean release(String accountId, String sessionId) {
        return store.release(accountId, sessionId, clock.instant());
    }

    /**
     * The session a license request plays in: the caller's live session {@code sessionId} (renewed), or else a new one
     * for {@code deviceId} (counted against the limits).
     */
    public Admission ensure(String accountId, Optional<String> sessionId, String deviceId, String titleId) {
        if (sessionId.isPresent()) {
            Optional<Session> live = renew(accountId, sessionId.get());
            if (live.isPresent()) {
                return new Admission.Opened(live.get());
            }
        }
        return open(accountId, deviceId, titleId);
    }

    public long heartbeatSeconds() {
        return config.heartbeatInterval().toSeconds();
    }

    /** Refusal reasons a session can produce. */
    public static boolean isSessionReason(DenialReason r) {
        return r == DenialReason.CONCURRENT_STREAMS || r == DenialReason.DEVICES;
    }
}
