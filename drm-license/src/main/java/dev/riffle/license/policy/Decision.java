package dev.riffle.license.policy;

import java.time.Instant;
import java.util.Objects;

/** The outcome of an entitlement check. */
public sealed interface Decision {
    /** Allowed; the license may be used until {@code expiresAt}. */
    record Granted(Instant expiresAt) implements Decision {
        public Granted {
            Objects.requireNonNull(expiresAt);
        }
    }

    /** Refused for {@code reason}. */
    record Denied(DenialReason reason) implements Decision {
        public Denied {
            Objects.requireNonNull(reason);
        }
    }
}
