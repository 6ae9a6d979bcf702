package dev.riffle.agent.app;

/**
 * What the subscriber sets on the app's settings page. Checked on construction ({@link IllegalArgumentException}
 * with the reason), so a bad request or a hand-edited file never reaches the agent.
 *
 * @param cacheBytes the cache's cap; the least recently used segments go first when it is lowered
 * @param uploadBytesPerSec upload cap to peers; 0 = unlimited
 * @param metered no upload at all (mobile data, capped plans): nothing is offered to peers or sent to them
 */
public record AgentSettings(long cacheBytes, long uploadBytesPerSec, boolean metered) {
    /** The smallest cache that still holds a prefetch window of a high rendition. */
    public static final long MIN_CACHE_BYTES = 64L << 20;
    /** Far above any disk: a typo in a size is refused rather than believed. */
    public static final long MAX_CACHE_BYTES = 1L << 44;
    /** 10 Gbit/s. */
    public static final long MAX_UPLOAD_BYTES_PER_SEC = 1_250_000_000L;

    /** Any positive cap (the agent's flags may set a small one, as tests do); the page is held to {@link #checked}. */
    public AgentSettings {
        if (cacheBytes <= 0 || cacheBytes > MAX_CACHE_BYTES)
            throw new IllegalArgumentException("cacheBytes must be positive and at most 16 TiB");
        if (uploadBytesPerSec < 0 || uploadBytesPerSec > MAX_UPLOAD_BYTES_PER_SEC)
            throw new IllegalArgumentException("uploadBytesPerSec must be between 0 (unlimited) and 1250000000");
    }

    /** Settings as the subscriber may set them: a cache of at least {@link #MIN_CACHE_BYTES}. */
    public AgentSettings checked() {
        if (cacheBytes < MIN_CACHE_BYTES)
            throw new IllegalArgumentException("cacheBytes must be between 64 MiB and 16 TiB");
        return this;
    }
}
