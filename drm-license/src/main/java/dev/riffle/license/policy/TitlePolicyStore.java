package dev.riffle.license.policy;

import java.util.Optional;

/** Title policies pushed by the origin. */
public interface TitlePolicyStore {
    /** Creates or replaces the policy of {@code policy.titleId()}. */
    void put(TitlePolicy policy);

    Optional<TitlePolicy> find(String titleId);
}
