package dev.riffle.origin.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LadderPlannerTest {
    private static final List<LadderRung> LADDER =
            LadderRung.parseAll(List.of("720p:720:2800", "480p:480:1200", "360p:360:700"));

    @Test
    void a_full_hd_source_gets_every_rung_and_audio() {
        PackagingPlan p =
                LadderPlanner.plan(new ProbeResult(true, 1920, 1080, 25, true, 60), LADDER, 128, List.of(), 4);
        assertThat(p.video()).extracting(PackagingPlan.VideoRendition::name).containsExactly("720p", "480p", "360p");
        assertThat(p.audio()).isTrue();
        assertThat(p.segmentSeconds()).isEqualTo(4);
    }

    @Test
    void rungs_taller_than_the_source_are_dropped_never_upscaled() {
        PackagingPlan p = LadderPlanner.plan(new ProbeResult(true, 854, 480, 30, true, 10), LADDER, 128, List.of(), 4);
        assertThat(p.video()).extracting(PackagingPlan.VideoRendition::height).containsExactly(480, 360);
    }

    @Test
    void a_source_smaller_than_every_rung_gets_one_rendition_at_its_own_height() {
        PackagingPlan p = LadderPlanner.plan(new ProbeResult(true, 321, 241, 30, false, 10), LADDER, 128, List.of(), 4);
        assertThat(p.video()).singleElement().satisfies(v -> {
            assertThat(v.height()).isEqualTo(240);
            assertThat(v.kbps()).isEqualTo(700);
        });
        assertThat(p.audio()).isFalse();
    }

    @Test
    void an_audio_only_source_makes_an_audio_only_title() {
        PackagingPlan p = LadderPlanner.plan(new ProbeResult(false, 0, 0, 0, true, 30), LADDER, 96, List.of("en"), 6);
        assertThat(p.audioOnly()).isTrue();
        assertThat(p.audioKbps()).isEqualTo(96);
        assertThat(p.subtitleLanguages()).containsExactly("en");
    }

    @Test
    void ladder_entries_are_validated() {
        assertThatThrownBy(() -> LadderRung.parse("720p:721:2800")).hasMessageContaining("height");
        assertThatThrownBy(() -> LadderRung.parse("720p:720")).hasMessageContaining("name:height:kbps");
        assertThatThrownBy(() -> LadderRung.parse("../x:720:100")).hasMessageContaining("name");
    }
}
