package dev.riffle.e2e.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the operator declares when creating a title ({@code POST /v1/titles}).
 *
 * @param requiredPlan {@code basic}, {@code standard} or {@code premium}
 * @param territories ISO 3166-1 alpha-2 codes; empty = everywhere
 * @param subtitles WebVTT text by language (BCP 47), uploaded before the source so its ingest packages them
 */
public record TitleSpec(String name, String requiredPlan, List<String> territories, Map<String, String> subtitles) {
    public TitleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requiredPlan, "requiredPlan");
        territories = List.copyOf(territories);
        subtitles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(subtitles));
    }

    /** Available to every plan, everywhere. */
    public static TitleSpec open(String name) {
        return new TitleSpec(name, "basic", List.of(), Map.of());
    }

    public TitleSpec withPlan(String plan) {
        return new TitleSpec(name, plan, territories, subtitles);
    }

    public TitleSpec withSubtitles(String language, String webVtt) {
        var more = new LinkedHashMap<>(subtitles);
        more.put(language, webVtt);
        return new TitleSpec(name, requiredPlan, territories, more);
    }
}
