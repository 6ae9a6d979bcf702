package dev.riffle.tracker.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Bounds what one account can claim in its stats reports, so that a single subscriber cannot poison the platform's
 * figures. An entry counts only when
 *
 * <ol>
 *   <li>the account holds a live drm-license session for its title ({@link Holding}: made-up titles have none);
 *   <li>the account has not already reported {@link Limits#titlesPerAccount()} other titles within
 *       {@link Limits#slotWindow()} (its own title slots, whatever the label cap of the whole tracker);
 *   <li>the bytes it claims for the title since the session started stay plausible: received bytes (peers + CDN) within
 *       {@link Limits#titlePasses()} times the title's size and within {@link Limits#bytesPerSecond()} times the time
 *       elapsed plus a {@link Limits#burstBytes()} allowance; uploaded bytes within the same rate.
 * </ol>
 *
 * Anything else is dropped with a reason (counted by the caller as {@code riffle_tracker_stats_dropped_total}). Pure:
 * time comes in with each call; memory is bounded by {@link Limits#maxAccounts()} (least recently seen forgotten).
 */
public final class StatsGuard {

    public static final String NO_SESSION = "no-license-session";
    public static final String SLOTS = "account-title-slots";
    public static final String IMPLAUSIBLE = "implausible-bytes";

    public record Limits(
            int titlesPerAccount,
            Duration slotWindow,
            long bytesPerSecond,
            long burstBytes,
            int titlePasses,
            int maxAccounts) {}

    /** A live license session of the account for a title: when it started, and the title's size if known. */
    public record Holding(Instant startedAt, OptionalLong titleBytes) {}

    private static final class Claim {
        Instant sessionStart;
        long received;
        long uploaded;
    }

    private static final class Account {
        final Map<String, Instant> slots = new LinkedHashMap<>();
        final Map<String, Claim> claims = new HashMap<>();
    }

    private final Limits limits;
    private final Map<String, Account> accounts;

    public StatsGuard(Limits limits) {
        this.limits = limits;
        this.accounts = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Account> eldest) {
                return size() > limits.maxAccounts();
            }
        };
    }

    /** Empty when the entry counts (and is then remembered against the account), else the reason it is dropped. */
    public synchronized Optional<String> judge(
            String account, StatsReport.Entry e, Map<String, Holding> holdings, Instant now) {
        Holding holding = holdings.get(e.title());
        if (holding == null) return Optional.of(NO_SESSION);
        Account a = accounts.computeIfAbsent(account, k -> new Account());
        expireSlots(a, now);
        if (!a.slots.containsKey(e.title()) && a.slots.size() >= limits.titlesPerAccount()) {
            return Optional.of(SLOTS);
        }
        Claim c = a.claims.computeIfAbsent(e.title(), k -> new Claim());
        if (!holding.startedAt().equals(c.sessionStart)) {
            // a new session of the title: its budget starts again
            c.sessionStart = holding.startedAt();
            c.received = 0;
            c.uploaded = 0;
        }
        long elapsed = Math.max(0, Duration.between(holding.startedAt(), now).toSeconds());
        long byRate = saturatedAdd(saturatedMultiply(limits.bytesPerSecond(), elapsed), limits.burstBytes());
        long bySize = holding.titleBytes().isPresent()
                ? saturatedMultiply(holding.titleBytes().getAsLong(), limits.titlePasses())
                : Long.MAX_VALUE;
        long received = saturatedAdd(c.received, saturatedAdd(e.bytesFromPeers(), e.bytesFromCdn()));
        long uploaded = saturatedAdd(c.uploaded, e.bytesUploaded());
        if (received > Math.min(byRate, bySize) || uploaded > byRate) return Optional.of(IMPLAUSIBLE);
        c.received = received;
        c.uploaded = uploaded;
        a.slots.put(e.title(), now);
        return Optional.empty();
    }

    private void expireSlots(Account a, Instant now) {
        Instant cutoff = now.minus(limits.slotWindow());
        for (Iterator<Map.Entry<String, Instant>> it = a.slots.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> s = it.next();
            if (s.getValue().isBefore(cutoff)) {
                it.remove();
                a.claims.remove(s.getKey());
            }
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
    }
}
