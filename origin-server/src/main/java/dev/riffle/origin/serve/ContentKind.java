package dev.riffle.origin.serve;

/** What a published file is, by extension: its media type and how long caches keep it. Pure. */
public enum ContentKind {
    MEDIA_SEGMENT("video/mp2t", true),
    SUBTITLE_SEGMENT("text/vtt; charset=utf-8", true),
    PLAYLIST("application/vnd.apple.mpegurl", false),
    MANIFEST("application/json", false),
    OTHER("application/octet-stream", false);

    private final String mediaType;
    private final boolean immutable;

    ContentKind(String mediaType, boolean immutable) {
        this.mediaType = mediaType;
        this.immutable = immutable;
    }

    public String mediaType() {
        return mediaType;
    }

    public static ContentKind of(String path) {
        if (path.endsWith(".ts")) return MEDIA_SEGMENT;
        if (path.endsWith(".m3u8")) return PLAYLIST;
        if (path.endsWith(".vtt")) return SUBTITLE_SEGMENT;
        if (path.endsWith(".json")) return MANIFEST;
        return OTHER;
    }

    /** Segments never change (a title's media is packaged once); playlists and manifests are kept briefly. */
    public String cacheControl(long segmentMaxAge, long playlistMaxAge) {
        return immutable ? "public, max-age=" + segmentMaxAge + ", immutable" : "public, max-age=" + playlistMaxAge;
    }
}
