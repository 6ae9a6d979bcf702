package dev.riffle.license.trust;

import java.util.Optional;

/** The origin's public manifest-signing keys, as it last pushed them (a JWK Set, canonical JSON). */
public interface ManifestKeyStore {
    Optional<byte[]> get();

    void put(byte[] jwks);
}
