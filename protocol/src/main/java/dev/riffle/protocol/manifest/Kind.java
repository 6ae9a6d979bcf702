package dev.riffle.protocol.manifest;

/** Whether the segment list is complete ({@code vod}) or a sliding window re-issued as it grows ({@code live}). */
public enum Kind {
    VOD("vod"),
    LIVE("live");

    private final String json;

    Kind(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    static Kind fromJson(String s) {
        for (Kind k : values()) {
            if (k.json.equals(s)) {
                return k;
            }
        }
        throw ManifestException.malformed("unknown kind");
    }
}
