package dev.riffle.license.policy;

import java.util.Objects;
import java.util.Optional;

/** Who asks, from the access token: account id ({@code sub}), plan and territory claims (absent when missing). */
public record Subscriber(String accountId, Optional<Plan> plan, Optional<String> territory) {
    public Subscriber {
        Objects.requireNonNull(accountId);
        Objects.requireNonNull(plan);
        Objects.requireNonNull(territory);
    }
}
