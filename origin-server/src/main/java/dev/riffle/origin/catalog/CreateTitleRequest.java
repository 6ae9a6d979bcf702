package dev.riffle.origin.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Body of {@code POST /v1/titles}: the metadata, and {@code sourceBytes} (the exact size of the source file to upload;
 * when given, an upload/ingest job is opened at once).
 */
public record CreateTitleRequest(
        String name,
        String summary,
        String requiredPlan,
        List<String> territories,
        Instant availableFrom,
        Instant availableUntil,
        Long sourceBytes) {

    public TitleMetadata metadata() {
        return new TitleMetadata(name, summary, requiredPlan, territories, availableFrom, availableUntil);
    }
}
