package dev.riffle.origin.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A catalogue entry. {@code liveVersion} names the packaged version that is served; {@code kind} is {@code video} or
 * {@code audio} once packaged.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
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
        Instant publishedAt) {

    public Title {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        territories = territories == null ? List.of() : List.copyOf(territories);
        renditions = renditions == null ? List.of() : List.copyOf(renditions);
        subtitleLanguages = subtitleLanguages == null ? List.of() : List.copyOf(subtitleLanguages);
    }

    public Title withStatus(TitleStatus s, Instant now) {
        return new Title(
                id,
                name,
                summary,
                requiredPlan,
                territories,
                availableFrom,
                availableUntil,
                s,
                kind,
                durationSeconds,
                renditions,
                subtitleLanguages,
                posterType,
                liveVersion,
                keyId,
                lastJobId,
                createdAt,
                now,
                publishedAt);
    }

    public Title withMetadata(TitleMetadata m, Instant now) {
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
                durationSeconds,
                renditions,
                subtitleLanguages,
                posterType,
                liveVersion,
                keyId,
                lastJobId,
                createdAt,
                now,
                publishedAt);
    }

    public Title withJob(String jobId, TitleStatus s, Instant now) {
        return new Title(
                id,
                name,
                summary,
                requiredPlan,
                territories,
                availableFrom,
                availableUntil,
                s,
                kind,
                durationSeconds,
                renditions,
                subtitleLanguages,
                posterType,
                liveVersion,
                keyId,
                jobId,
                createdAt,
                now,
                publishedAt);
    }

    public Title withPoster(String type, Instant now) {
        return new Title(
                id,
                name,
                summary,
                requiredPlan,
                territories,
                availableFrom,
                availableUntil,
                status,
                kind,
                durationSeconds,
                renditions,
                subtitleLanguages,
                type,
                liveVersion,
                keyId,
                lastJobId,
                createdAt,
                now,
                publishedAt);
    }

    public Title withSubtitles(List<String> languages, Instant now) {
        return new Title(
                id,
                name,
                summary,
                requiredPlan,
                territories,
                availableFrom,
                availableUntil,
                status,
                kind,
                durationSeconds,
                renditions,
                languages,
                posterType,
                liveVersion,
                keyId,
                lastJobId,
                createdAt,
                now,
                publishedAt);
    }

    public Title published(
            String version, String kind, double duration, List<String> renditions, String keyId, Instant now) {
        return new Title(
                id,
                name,
                summary,
                requiredPlan,
                territories,
                availableFrom,
                availableUntil,
                TitleStatus.PUBLISHED,
                kind,
                duration,
                renditions,
                subtitleLanguages,
                posterType,
                version,
                keyId,
                lastJobId,
                createdAt,
                now,
                now);
    }

    public TitleMetadata metadata() {
        return new TitleMetadata(name, summary, requiredPlan, territories, availableFrom, availableUntil);
    }
}
