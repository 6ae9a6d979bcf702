package dev.riffle.tracker.admission;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets per account. Bounded: when more than {@code maxAccounts} buckets exist the map is reset (every entry
 * needs a valid token, so a reset only forgives some accounts a burst). Time comes in as nanoseconds, so it is testable.
 */
public final class RateLimiter {

    private final double perSecond;
    private final double burst;
    private final int maxAccounts;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double perSecond, int burst, int maxAccounts) {
        if (perSecond <= 0 || burst < 1 || maxAccounts < 1) {
            throw new IllegalArgumentException("bad rate limit");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.maxAccounts = maxAccounts;
    }

    /** Takes one token for {@code account}; false when its bucket is empty. */
    public boolean tryAcquire(String account, long nowNanos) {
        if (buckets.size() > maxAccounts) {
            buckets.clear();
        }
        Bucket b = buckets.computeIfAbsent(account, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            double elapsed = Math.max(0, nowNanos - b.stamp) / 1e9;
            b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
            b.stamp = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return true;
            }
            return false;
        }
    }

    /** After a refusal: how long until {@code account} has a token again (whole seconds suffice for Retry-After). */
    public java.time.Duration retryAfter(String account, long nowNanos) {
        Bucket b = buckets.get(account);
        if (b == null) {
            return java.time.Duration.ZERO;
        }
        synchronized (b) {
            double elapsed = Math.max(0, nowNanos - b.stamp) / 1e9;
            double tokens = Math.min(burst, b.tokens + elapsed * perSecond);
            double missing = Math.max(0, 1 - tokens);
            return java.time.Duration.ofNanos((long) Math.ceil(missing / perSecond * 1e9));
        }
    }

    private static final class Bucket {
        double tokens;
        long stamp;

        Bucket(double tokens, long stamp) {
            this.tokens = tokens;
            this.stamp = stamp;
        }
    }
}
