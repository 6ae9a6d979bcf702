package dev.riffle.origin.catalog;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.LinkedHashMap;
import java.util.Map;

/** A title as the API shows it: the record plus links to its playlists, manifest and poster. */
public record TitleView(@JsonUnwrapped Title title, Map<String, String> links) {

    public static TitleView of(Title t) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/v1/titles/" + t.id());
        if (t.status() == TitleStatus.PUBLISHED) {
            links.put("master", "/content/" + t.id() + "/master.m3u8");
            links.put("manifest", "/content/" + t.id() + "/manifest.json");
        }
        if (t.posterType() != null) links.put("poster", "/v1/titles/" + t.id() + "/poster");
        if (t.lastJobId() != null) links.put("job", "/v1/jobs/" + t.lastJobId());
        return new TitleView(t, links);
    }
}
