package dev.riffle.license.keys;

import java.util.List;
import java.util.Optional;

/** Where sealed content keys live. One contract test suite runs against every implementation. */
public interface KeyStore {
    /**
     * Stores {@code candidate} unless the title already has a key with the same label; returns the stored key (the
     * candidate or the existing one). Atomic: concurrent callers all get the same key.
     */
    SealedKey putIfAbsent(SealedKey candidate);

    Optional<SealedKey> findByKid(Kid kid);

    /** Every key of a title, oldest first. */
    List<SealedKey> findByTitle(String titleId);
}
