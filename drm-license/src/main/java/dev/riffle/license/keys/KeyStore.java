package dev.riffle.license.keys;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /** Up to {@code limit} keys sealed under one of {@code kekIds} (what a KEK rotation has left to do). */
    List<SealedKey> sealedUnder(Set<String> kekIds, int limit);

    /**
     * Replaces {@code old} by {@code resealed} (same kid, new sealed bytes and KEK id) if the stored row is still
     * {@code old}'s; false when another replica got there first. Readers see either row, both of which open.
     */
    boolean replace(SealedKey old, SealedKey resealed);

    /** How many keys each KEK id seals. */
    Map<String, Long> countByKek();
}
