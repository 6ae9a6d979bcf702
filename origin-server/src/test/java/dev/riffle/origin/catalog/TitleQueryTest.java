package dev.riffle.origin.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.riffle.servicekit.problem.ProblemException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TitleQueryTest {
    private static Title title(int i, String plan, List<String> territories, TitleStatus s) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i);
        return new Title(
                "id" + i,
                "Film " + i,
                i % 2 == 0 ? "a heist" : "a romance",
                plan,
                territories,
                null,
                null,
                s,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                t,
                t,
                null);
    }

    private static TitleQuery q(
            Optional<String> text, Optional<String> plan, Optional<String> territory, int page, int size) {
        return new TitleQuery(text, Optional.empty(), plan, territory, page, size);
    }

    @Test
    void pages_are_newest_first_and_stable() {
        List<Title> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) all.add(title(i, "basic", List.of(), TitleStatus.PUBLISHED));
        TitlePage p0 =
                q(Optional.empty(), Optional.empty(), Optional.empty(), 0, 10).apply(all);
        TitlePage p2 =
                q(Optional.empty(), Optional.empty(), Optional.empty(), 2, 10).apply(all);
        assertThat(p0.items()).first().extracting(Title::id).isEqualTo("id24");
        assertThat(p0.total()).isEqualTo(25);
        assertThat(p2.items()).hasSize(5);
        assertThat(q(Optional.empty(), Optional.empty(), Optional.empty(), 9, 10)
                        .apply(all)
                        .items())
                .isEmpty();
    }

    @Test
    void filters_by_text_plan_territory_and_status() {
        List<Title> all = List.of(
                title(1, "basic", List.of("FR"), TitleStatus.PUBLISHED),
                title(2, "premium", List.of(), TitleStatus.PUBLISHED),
                title(3, "premium", List.of("DE"), TitleStatus.DRAFT));
        assertThat(q(Optional.of("HEIST"), Optional.empty(), Optional.empty(), 0, 10)
                        .apply(all)
                        .items())
                .extracting(Title::id)
                .containsExactly("id2");
        assertThat(q(Optional.empty(), Optional.of("premium"), Optional.empty(), 0, 10)
                        .apply(all)
                        .total())
                .isEqualTo(2);
        assertThat(q(Optional.empty(), Optional.empty(), Optional.of("fr"), 0, 10)
                        .apply(all)
                        .items())
                .extracting(Title::id)
                .containsExactly("id2", "id1");
        assertThat(new TitleQuery(
                                Optional.empty(),
                                Optional.of(TitleStatus.DRAFT),
                                Optional.empty(),
                                Optional.empty(),
                                0,
                                5)
                        .apply(all)
                        .items())
                .extracting(Title::id)
                .containsExactly("id3");
    }

    @Test
    void metadata_is_validated_and_normalised() {
        TitleMetadata m = new TitleMetadata(" Film ", null, null, List.of("fr", "FR", "de"), null, null).validated();
        assertThat(m.name()).isEqualTo("Film");
        assertThat(m.requiredPlan()).isEqualTo("basic");
        assertThat(m.territories()).containsExactly("DE", "FR");
        assertThatThrownBy(() -> new TitleMetadata("", null, null, null, null, null).validated())
                .isInstanceOf(ProblemException.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> new TitleMetadata("x", null, "gold", null, null, null).validated())
                .hasMessageContaining("requiredPlan");
        assertThatThrownBy(() -> new TitleMetadata("x", null, null, List.of("FRA"), null, null).validated())
                .hasMessageContaining("territory");
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        assertThatThrownBy(() -> new TitleMetadata("x", null, null, null, t, t).validated())
                .hasMessageContaining("availableUntil");
    }
}
