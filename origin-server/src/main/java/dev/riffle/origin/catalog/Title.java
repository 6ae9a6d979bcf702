package dev.riffle.origin.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A catalogue entry. {@code liveVersion} names the packaged version that is served; {@code kind} is {@code video} or
 * {@code audio} once packaged. Its changes below go through the generated builder ({@code TitleBuilder}), so each
 * names only the fields it changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RecordBuilder
public record Title(
        String id,
        String name,
        String summary,
        String requiredPlan,
        List<String> territories,
        Instant availableFrom,
        Instant availableUntil,
        TitleStatus status,
        String kind,
        Double durationSeconds,
        List<String> renditions,
        List<String> subtitleLanguages,
        String posterType,
        String liveVersion,
        String keyId,
        String lastJobId,
        Instant createdAt,
        Instant updatedAt,
        Instant publishedAt)
        implements TitleBuilder.With {

    public Title {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        territories = territories == null ? List.of() : List.copyOf(territories);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        subtitleLanguages = subtitleLanguages == null ? List.of() : List.copyOf(subtitleLanguages);
    }

    /** A new entry from what an operator said: nothing packaged, no job yet. */
    public static Title created(
            String id, TitleMetadata m, TitleStatus status, String kind, List<String> renditions, Instant now) {
        return new Title(
                id,
                m.name(),
                m.summary(),
                m.requiredPlan(),
                m.territories(),
                m.availableFrom(),
                m.availableUntil(),
                status,
                kind,
                null,
                renditions,
                List.of(),
                null,
                null,
                null,
                null,
                now,
                now,
                null);
    }

    public Title withStatus(TitleStatus s, Instant now) {
        return with(t -> t.status(s).updatedAt(now));
    }

    public Title withMetadata(TitleMetadata m, Instant now) {
        return with(t -> t.name(m.name())
                .summary(m.summary())
                .requiredPlan(m.requiredPlan())
                .territories(m.territories())
                .availableFrom(m.availableFrom())
                .availableUntil(m.availableUntil())
                .updatedAt(now));
    }

    public Title withJob(String jobId, TitleStatus s, Instant now) {
        return with(t -> t.lastJobId(jobId).status(s).updatedAt(now));
    }

    public Title withPoster(String type, Instant now) {
        return with(t -> t.posterType(type).updatedAt(now));
    }

    public Title withSubtitles(List<String> languages, Instant now) {
        return with(t -> t.subtitleLanguages(languages).updatedAt(now));
    }

    public Title published(
            String version, String kind, double duration, List<String> renditions, String keyId, Instant now) {
        return with(t -> t.status(TitleStatus.PUBLISHED)
                .kind(kind)
                .durationSeconds(duration)
                .renditions(renditions)
                .liveVersion(version)
                .keyId(keyId)
                .updatedAt(now)
                .publishedAt(now));
    }

    public TitleMetadata metadata() {
        return new TitleMetadata(name, summary, requiredPlan, territories, availableFrom, availableUntil);
    }
}
