package dev.riffle.agent.transport;

/**
 * Upload rate cap. Pure: the caller passes the time, in nanoseconds from any fixed origin. Not thread-safe; an agent
 * uses one bucket from its transport thread for every peer, so the cap is per agent, not per connection.
 */
public final class TokenBucket {
    private long ratePerSec;
    private final long burst;
    private double tokens;
    private long lastNanos;

    /**
     * @param ratePerSec bytes per second; 0 means unlimited
     * @param burst bytes that may go at once after a quiet period; at least one frame, or a frame could never pass
     */
    public TokenBucket(long ratePerSec, long burst, long nowNanos) {
        if (ratePerSec < 0 || burst <= 0) throw new IllegalArgumentException("bad rate or burst");
        this.ratePerSec = ratePerSec;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = nowNanos;
    }

    public static TokenBucket unlimited() {
        return new TokenBucket(0, 1, 0);
    }

    /** A new rate (the subscriber changed the upload cap); tokens already earned stay, up to the burst. */
    public void rate(long bytesPerSec, long nowNanos) {
        if (bytesPerSec < 0) throw new IllegalArgumentException("bad rate");
        refill(nowNanos);
        if (ratePerSec == 0) tokens = burst; // unlimited kept no count
        ratePerSec = bytesPerSec;
    }

    public boolean unlimitedRate() {
        return ratePerSec == 0;
    }

    /** Takes {@code bytes} if available now; otherwise takes nothing. */
    public boolean tryTake(long bytes, long nowNanos) {
        if (ratePerSec == 0) return true;
        refill(nowNanos);
        // A frame larger than the burst may go when the bucket is full, driving it negative, so it is never stuck.
        if (tokens >= Math.min(bytes, burst)) {
            tokens -= bytes;
            return true;
        }
        return false;
    }

    /** How long until {@link #tryTake} of {@code bytes} would succeed; 0 if now. */
    public long nanosUntil(long bytes, long nowNanos) {
        if (ratePerSec == 0) return 0;
        refill(nowNanos);
        double missing = Math.min(bytes, burst) - tokens;
        return missing <= 0 ? 0 : (long) Math.ceil(missing * 1e9 / ratePerSec);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) return; // time never runs backwards for us
        lastNanos = nowNanos;
        tokens = Math.min(burst, tokens + elapsed * (double) ratePerSec / 1e9);
    }
}
