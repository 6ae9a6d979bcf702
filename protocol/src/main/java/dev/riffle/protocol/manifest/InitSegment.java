package dev.riffle.protocol.manifest;

import dev.riffle.protocol.hash.Sha256;

/** The fMP4 initialisation segment (EXT-X-MAP) of a rendition: verified like any segment. */
public record InitSegment(String uri, long size, Sha256 sha256) {
    public InitSegment {
        Checks.relativeUri("init.uri", uri);
        Checks.range("init.size", size, 1, Checks.MAX_JSON_INT);
        Checks.present("init.sha256", sha256);
    }
}
