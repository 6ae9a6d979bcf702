package dev.riffle.protocol.manifest;

/** How the AES-128-CBC IV of each segment is chosen. */
public enum IvRule {
    /** IV = the segment index as a 16-byte big-endian integer: the HLS default when EXT-X-KEY has no IV. */
    SEGMENT_INDEX("segment-index"),
    /** Each segment lists its own 16-byte IV ({@code iv}, base64url). */
    EXPLICIT("explicit");

    private final String json;

    IvRule(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    static IvRule fromJson(String s) {
        for (IvRule r : values()) {
            if (r.json.equals(s)) {
                return r;
            }
        }
        throw ManifestException.malformed("unknown ivRule");
    }
}
