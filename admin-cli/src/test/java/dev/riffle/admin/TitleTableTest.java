package dev.riffle.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TitleTableTest {
    @Test
    void titles_print_as_aligned_columns_with_a_page_footer() throws Exception {
        var page = new ObjectMapper().readTree("""
                {"items":[{"id":"k2m","status":"published","requiredPlan":"basic","kind":"video",
                  "durationSeconds":20.04,"territories":["FR","DE"],"name":"Bunny"},
                 {"id":"q7","status":"draft","requiredPlan":"premium","kind":null,"durationSeconds":null,
                  "territories":[],"name":"Draft one"}],
                 "page":0,"size":20,"total":2}
                """);
        String[] lines = TitleTable.render(page).split("\n");
        assertThat(lines[0]).startsWith("ID   STATUS     PLAN     KIND   SECONDS  TERRITORIES  NAME");
        assertThat(lines[1]).isEqualTo("k2m  published  basic    video  20.0     FR,DE        Bunny");
        assertThat(lines[2]).isEqualTo("q7   draft      premium  -      -        all          Draft one");
        assertThat(lines[3]).isEqualTo("2 of 2 title(s), page 0 (size 20)");
    }
}
