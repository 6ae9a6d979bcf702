package dev.riffle.protocol.manifest;

/** What a rendition carries. */
public enum RenditionType {
    VIDEO("video"),
    AUDIO("audio"),
    SUBTITLES("subtitles");

    private final String json;

    RenditionType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    static RenditionType fromJson(String s) {
        for (RenditionType t : values()) {
            if (t.json.equals(s)) {
                return t;
            }
        }
        throw ManifestException.malformed("unknown rendition type");
    }
}
