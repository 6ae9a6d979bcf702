package dev.riffle.license.session;

import dev.riffle.license.policy.StreamLimits;
import java.time.Duration;
import java.time.Instant;

/** Everything a store needs to open a session atomically. {@code sessionId} is chosen by the caller. */
public record SessionRequest(
        String sessionId,
        String accountId,
        String deviceId,
        String titleId,
        StreamLimits limits,
        Instant now,
        Duration ttl,
        Duration deviceTtl) {}
