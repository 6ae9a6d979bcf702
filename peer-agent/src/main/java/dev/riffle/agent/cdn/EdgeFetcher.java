package dev.riffle.agent.cdn;

import io.vertx.core.Future;

/** Segments from the CDN edge, whole or the tail a peer did not deliver; lengths checked, content not. */
public interface EdgeFetcher {
    /** The whole segment; {@code size} is the manifest's. */
    Future<byte[]> fetch(String relativeUri, long size);

    /** Bytes {@code [first, last]} of a segment of {@code size} bytes. */
    Future<byte[]> fetchRange(String relativeUri, long first, long last, long size);
}
