package dev.riffle.license.session;

import java.time.Instant;
import java.util.Objects;

/** A playback session: one stream on one device of one account, alive until {@code expiresAt} unless renewed. */
public record Session(
        String id, String accountId, String deviceId, String titleId, Instant startedAt, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(id);
        Objects.requireNonNull(accountId);
        Objects.requireNonNull(deviceId);
        Objects.requireNonNull(titleId);
        Objects.requireNonNull(startedAt);
        Objects.requireNonNull(expiresAt);
    }
}
