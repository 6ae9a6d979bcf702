package dev.riffle.license.policy;

import java.util.Locale;
import java.util.Optional;

/** Subscription plans, ordered: a higher plan includes the titles of the lower ones. */
public enum Plan {
    BASIC,
    STANDARD,
    PREMIUM;

    public boolean includes(Plan required) {
        return compareTo(required) >= 0;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code basic|standard|premium} (any case); empty for null or unknown values. */
    public static Optional<Plan> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Plan p : values()) {
            if (p.wire().equalsIgnoreCase(text.trim())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
