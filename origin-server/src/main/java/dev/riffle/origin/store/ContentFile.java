package dev.riffle.origin.store;

import java.nio.file.Path;
import java.time.Instant;

/** One published file, as the edge needs it: where it is, how big, when it changed, its validator. */
public record ContentFile(Path path, long size, Instant lastModified, String etag) {
    public ContentFile {
        if (size < 0) throw new IllegalArgumentException("size < 0");
    }

    public static ContentFile of(Path path, long size, Instant lastModified) {
        // Like nginx: size and mtime; every version lives in its own directory, so this is strong enough.
        return new ContentFile(
                path,
                size,
                lastModified,
                "\"" + Long.toHexString(lastModified.toEpochMilli()) + "-" + Long.toHexString(size) + "\"");
    }
}
