package dev.riffle.agent.session;

import dev.riffle.protocol.manifest.Manifest;
import io.vertx.core.Future;
import java.util.List;

/** Where a live channel's manifest comes from: its whole window, and the verified updates after a segment. */
public interface LiveSource {
    /** The signed updates of {@code rendition} after index {@code after}; may wait for the next one (long poll). */
    Future<List<Manifest>> updates(String titleId, String rendition, long after);

    /** The signed manifest of the whole window. */
    Future<Manifest> window(String titleId);
}
