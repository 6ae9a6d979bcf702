package dev.riffle.origin.catalog;

import dev.riffle.servicekit.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an operator says about a title. {@code territories} are ISO 3166-1 alpha-2 codes (empty: everywhere);
 * {@code availableFrom}/{@code availableUntil} bound the availability window (either may be null: open).
 */
public record TitleMetadata(
        String name,
        String summary,
        String requiredPlan,
        List<String> territories,
        Instant availableFrom,
        Instant availableUntil) {

    public static final Set<String> PLANS = Set.of("basic", "standard", "premium");
    private static final Pattern TERRITORY = Pattern.compile("[A-Z]{2}");

    /** Validated, normalised copy; throws a 400 problem naming the first bad field. */
    public TitleMetadata validated() {
        if (name == null || name.isBlank()) throw ProblemException.badRequest("invalid-metadata", "name is required");
        if (name.length() > 300) throw ProblemException.badRequest("invalid-metadata", "name is longer than 300");
        if (summary != null && summary.length() > 10_000) {
            throw ProblemException.badRequest("invalid-metadata", "summary is longer than 10000");
        }
        String plan = requiredPlan == null ? "basic" : requiredPlan.trim().toLowerCase(Locale.ROOT);
        if (!PLANS.contains(plan)) {
            throw ProblemException.badRequest(
                    "invalid-metadata", "requiredPlan must be one of basic, standard, premium");
        }
        List<String> t = territories == null
                ? List.of()
                : territories.stream()
                        .map(s -> s == null ? "" : s.trim().toUpperCase(Locale.ROOT))
                        .distinct()
                        .sorted()
                        .toList();
        for (String code : t) {
            if (!TERRITORY.matcher(code).matches()) {
                throw ProblemException.badRequest(
                        "invalid-metadata", "territory '" + code + "' is not an ISO 3166-1 alpha-2 code");
            }
        }
        if (t.size() > 300) throw ProblemException.badRequest("invalid-metadata", "too many territories");
        if (availableFrom != null && availableUntil != null && !availableUntil.isAfter(availableFrom)) {
            throw ProblemException.badRequest("invalid-metadata", "availableUntil must be after availableFrom");
        }
        return new TitleMetadata(name.strip(), summary, plan, t, availableFrom, availableUntil);
    }
}
