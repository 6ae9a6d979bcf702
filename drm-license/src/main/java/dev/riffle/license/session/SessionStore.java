package dev.riffle.license.session;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Live sessions and recently seen devices per account, with TTLs. Implementations apply {@link
 * dev.riffle.license.policy.StreamLimits#admit} atomically. One contract test suite runs against every implementation.
 */
public interface SessionStore {
    Admission open(SessionRequest request);

    /** Pushes the expiry of a live session of {@code accountId} to {@code now + ttl}; empty if over or not theirs. */
    Optional<Session> renew(String accountId, String sessionId, Instant now, Duration ttl, Duration deviceTtl);

    Optional<Session> find(String accountId, String sessionId, Instant now);

    /** The live sessions of {@code accountId}, oldest first. */
    List<Session> list(String accountId, Instant now);

    /** Ends a session; false if it was not a live session of {@code accountId}. */
    boolean release(String accountId, String sessionId, Instant now);
}
