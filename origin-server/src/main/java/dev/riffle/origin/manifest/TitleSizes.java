package dev.riffle.origin.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.riffle.origin.packaging.PackagedTitle;
import dev.riffle.origin.store.ContentStore;
import dev.riffle.protocol.manifest.Manifest;
import dev.riffle.protocol.manifest.ManifestJson;
import dev.riffle.protocol.manifest.ManifestLimits;
import dev.riffle.protocol.manifest.Rendition;
import dev.riffle.protocol.manifest.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.util.OptionalLong;

/**
 * The bytes of a title's packaged media, every rendition and every segment: pushed to drm-license with the title's
 * policy so that the tracker can bound what a viewer claims to have fetched of it.
 */
public final class TitleSizes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TitleSizes() {}

    public static long of(PackagedTitle t) {
        long total = 0;
        for (PackagedTitle.Rendition r : t.renditions()) {
            for (PackagedTitle.Segment s : r.segments()) total += s.size();
        }
        return total;
    }

    public static long of(Manifest m) {
        long total = 0;
        for (Rendition r : m.renditions()) {
            for (Segment s : r.segments()) total += s.size();
        }
        return total;
    }

    /** The live version's size, read from its signed manifest; empty when the title has none live. */
    public static OptionalLong live(ContentStore store, String titleId) {
        var file = store.find(titleId, "manifest.json");
        if (file.isEmpty()) return OptionalLong.empty();
        try {
            JsonNode envelope = JSON.readTree(Files.readAllBytes(file.get().path()));
            return OptionalLong.of(of(ManifestJson.fromTree(envelope.path("manifest"), ManifestLimits.DEFAULT)));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty(); // a policy push never fails over a size
        }
    }
}
