package dev.riffle.e2e.platform;

import java.util.List;
import java.util.Objects;

/**
 * What the operator declares when creating a title ({@code POST /v1/titles}).
 *
 * @param requiredPlan {@code basic}, {@code standard} or {@code premium}
 * @param territories ISO 3166-1 alpha-2 codes; empty = everywhere
 */
public record TitleSpec(String name, String requiredPlan, List<String> territories) {
    public TitleSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(requiredPlan, "requiredPlan");
        territories = List.copyOf(territories);
    }

    /** Available to every plan, everywhere. */
    public static TitleSpec open(String name) {
        return new TitleSpec(name, "basic", List.of());
    }

    public TitleSpec withPlan(String plan) {
        return new TitleSpec(name, plan, territories);
    }
}
