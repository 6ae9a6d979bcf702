package dev.riffle.origin.keys;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.riffle.origin.catalog.Title;
import dev.riffle.origin.catalog.TitleStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.OptionalLong;

/**
 * The entitlement policy the origin pushes to drm-license: lowest plan, territories (empty: everywhere), the
 * availability window {@code [availableFrom, availableUntil)} and the packaged media's size in bytes (all renditions;
 * absent before packaging). An unpublished title is pushed with its window closed at the moment of unpublishing, so
 * drm-license stops issuing licenses for it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TitlePolicy(
        String requiredPlan, List<String> territories, Instant availableFrom, Instant availableUntil, Long sizeBytes) {

    public TitlePolicy {
        territories = territories == null ? List.of() : List.copyOf(territories);
    }

    public static TitlePolicy of(Title t, Instant now, OptionalLong sizeBytes) {
        Long size = sizeBytes.isPresent() ? sizeBytes.getAsLong() : null;
        if (t.status() == TitleStatus.PUBLISHED) {
            return new TitlePolicy(t.requiredPlan(), t.territories(), t.availableFrom(), t.availableUntil(), size);
        }
        Instant closed = now.truncatedTo(ChronoUnit.SECONDS);
        Instant from = t.availableFrom() != null && t.availableFrom().isBefore(closed) ? t.availableFrom() : null;
        Instant until = t.availableUntil() != null && t.availableUntil().isBefore(closed) ? t.availableUntil() : closed;
        return new TitlePolicy(t.requiredPlan(), t.territories(), from, until, size);
    }
}
