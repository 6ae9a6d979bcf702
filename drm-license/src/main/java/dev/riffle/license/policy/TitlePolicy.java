package dev.riffle.license.policy;

import dev.riffle.license.keys.TitleIds;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the origin says about a title: the lowest plan that may watch it, the territories it may be watched in (empty =
 * everywhere), its availability window {@code [availableFrom, availableUntil)} (either end open when absent), and the
 * bytes of its packaged media, all renditions together (absent before it is packaged), which bound what a viewer can
 * plausibly claim to have fetched of it.
 */
public record TitlePolicy(
        String titleId,
        Plan requiredPlan,
        Set<String> territories,
        Optional<Instant> availableFrom,
        Optional<Instant> availableUntil,
        OptionalLong sizeBytes) {
    private static final Pattern TERRITORY = Pattern.compile("[A-Z]{2}");

    public TitlePolicy {
        TitleIds.check(titleId);
        Objects.requireNonNull(requiredPlan, "requiredPlan");
        territories = Set.copyOf(new TreeSet<>(territories));
        for (String t : territories) {
            if (!TERRITORY.matcher(t).matches()) {
                throw new IllegalArgumentException("territories are ISO 3166-1 alpha-2 codes, e.g. FR");
            }
        }
        Objects.requireNonNull(availableFrom);
        Objects.requireNonNull(availableUntil);
        if (availableFrom.isPresent()
                && availableUntil.isPresent()
                && !availableFrom.get().isBefore(availableUntil.get())) {
            throw new IllegalArgumentException("availableFrom must be before availableUntil");
        }
        Objects.requireNonNull(sizeBytes);
        if (sizeBytes.isPresent() && sizeBytes.getAsLong() <= 0) {
            throw new IllegalArgumentException("sizeBytes must be positive");
        }
    }

    /** A policy without a known size. */
    public TitlePolicy(
            String titleId,
            Plan requiredPlan,
            Set<String> territories,
            Optional<Instant> availableFrom,
            Optional<Instant> availableUntil) {
        this(titleId, requiredPlan, territories, availableFrom, availableUntil, OptionalLong.empty());
    }

    /** The policy of a title the origin never described: every plan, everywhere, always. */
    public static TitlePolicy open(String titleId) {
        return new TitlePolicy(titleId, Plan.BASIC, Set.of(), Optional.empty(), Optional.empty());
    }

    public boolean availableIn(String territory) {
        return territories.isEmpty() || (territory != null && territories.contains(territory));
    }

    public boolean availableAt(Instant now) {
        return availableFrom.map(from -> !now.isBefore(from)).orElse(true)
                && availableUntil.map(now::isBefore).orElse(true);
    }
}
