package dev.riffle.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogueClientTest {
    @Test
    void thePageGetsWhatItShowsAndNothingOfTheOperatorsRecord() {
        var origin = new JsonObject()
                .put("id", "t1")
                .put("name", "Sintel")
                .put("summary", "A girl and a dragon")
                .put("kind", "video")
                .put("durationSeconds", 888.0)
                .put("renditions", List.of("720p", "audio"))
                .put("subtitleLanguages", List.of("en", "fr"))
                .put("posterType", "image/jpeg")
                .put("keyId", "k")
                .put("lastJobId", "j")
                .put("territories", List.of("FR"));
        JsonObject shown = CatalogueClient.shape(origin);
        assertThat(shown.fieldNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "name",
                        "summary",
                        "kind",
                        "durationSeconds",
                        "renditions",
                        "subtitleLanguages",
                        "live",
                        "poster");
        assertThat(shown.getBoolean("poster")).isTrue();
        assertThat(shown.getBoolean("live")).isFalse();
    }

    @Test
    void aLiveChannelIsMarkedLive() {
        var channel = new JsonObject().put("id", "ch").put("name", "Final").put("kind", "live");
        JsonObject shown = CatalogueClient.shape(channel);
        assertThat(shown.getBoolean("live")).isTrue();
        assertThat(shown.getBoolean("poster")).isFalse();
    }
}
