package dev.riffle.origin.catalog;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A catalogue filter and page; {@link #apply} is pure. */
public record TitleQuery(
        Optional<String> text,
        Optional<TitleStatus> status,
        Optional<String> plan,
        Optional<String> territory,
        int page,
        int size) {

    public static final int MAX_SIZE = 100;

    public TitleQuery {
        if (page < 0) throw new IllegalArgumentException("page must be >= 0");
        if (size < 1 || size > MAX_SIZE) throw new IllegalArgumentException("size must be in 1.." + MAX_SIZE);
    }

    public boolean matches(Title t) {
        if (status.isPresent() && t.status() != status.get()) return false;
        if (plan.isPresent() && !plan.get().equalsIgnoreCase(t.requiredPlan())) return false;
        if (territory.isPresent()
                && !t.territories().isEmpty()
                && !t.territories().contains(territory.get().toUpperCase(Locale.ROOT))) return false;
        if (text.isPresent()) {
            String needle = text.get().toLowerCase(Locale.ROOT);
            String hay = (t.name() + " " + (t.summary() == null ? "" : t.summary())).toLowerCase(Locale.ROOT);
            return hay.contains(needle);
        }
        return true;
    }

    /** Newest first, then by id, so pages are stable. */
    public TitlePage apply(Collection<Title> all) {
        List<Title> hits = all.stream()
                .filter(this::matches)
                .sorted(Comparator.comparing(Title::createdAt).reversed().thenComparing(Title::id))
                .toList();
        int from = (int) Math.min((long) page * size, hits.size());
        int to = Math.min(from + size, hits.size());
        return new TitlePage(hits.subList(from, to), page, size, hits.size());
    }
}
