package dev.riffle.origin.catalog;

import java.time.Instant;
import java.util.List;

/** Body of {@code PATCH /v1/titles/{id}}: fields that are present replace the current ones. */
public record UpdateTitleRequest(
        String name,
        String summary,
        String requiredPlan,
        List<String> territories,
        Instant availableFrom,
        Instant availableUntil) {

    public TitleMetadata applyTo(TitleMetadata m) {
        return new TitleMetadata(
                name != null ? name : m.name(),
                summary != null ? summary : m.summary(),
                requiredPlan != null ? requiredPlan : m.requiredPlan(),
                territories != null ? territories : m.territories(),
                availableFrom != null ? availableFrom : m.availableFrom(),
                availableUntil != null ? availableUntil : m.availableUntil());
    }
}
