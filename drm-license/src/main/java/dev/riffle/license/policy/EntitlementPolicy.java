package dev.riffle.license.policy;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Decides whether a subscriber may have the keys of a title: plan, then territory, then availability window. A granted
 * license lasts {@code licenseDuration}, never beyond the end of the window. Pure: time comes from the injected clock.
 */
public final class EntitlementPolicy {
    private final InstantSource clock;
    private final Duration licenseDuration;

    public EntitlementPolicy(InstantSource clock, Duration licenseDuration) {
        this.clock = Objects.requireNonNull(clock);
        if (licenseDuration.isNegative() || licenseDuration.isZero()) {
            throw new IllegalArgumentException("license duration must be positive");
        }
        this.licenseDuration = licenseDuration;
    }

    public Decision decide(Subscriber subscriber, TitlePolicy title) {
        Instant now = clock.instant();
        if (subscriber.plan().map(p -> !p.includes(title.requiredPlan())).orElse(true)) {
            return new Decision.Denied(DenialReason.PLAN);
        }
        if (!title.availableIn(subscriber.territory().orElse(null))) {
            return new Decision.Denied(DenialReason.TERRITORY);
        }
        if (!title.availableAt(now)) {
            return new Decision.Denied(DenialReason.WINDOW);
        }
        Instant expires = now.plus(licenseDuration);
        if (title.availableUntil().isPresent() && title.availableUntil().get().isBefore(expires)) {
            expires = title.availableUntil().get();
        }
        return new Decision.Granted(expires);
    }

    public Instant now() {
        return clock.instant();
    }
}
