package dev.riffle.agent.cache;

/** Outcome of offering verified-or-not bytes to the cache. */
public enum PutResult {
    STORED,
    ALREADY_PRESENT,
    /** Not the size the manifest lists (a truncated or padded transfer). */
    WRONG_SIZE,
    /** The bytes do not hash to the manifest's SHA-256: whoever sent them is lying or broken. */
    HASH_MISMATCH,
    /** Larger than the whole cache. */
    TOO_LARGE
}
