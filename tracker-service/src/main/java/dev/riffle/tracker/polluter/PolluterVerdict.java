package dev.riffle.tracker.polluter;

import java.time.Duration;
import java.util.Map;

/**
 * When a reported peer stops being handed out: once the reports naming it come from at least {@code threshold}
 * distinct accounts within {@code reportTtl}. An account counts once however often (and from however many of its
 * devices) it reports, so one account alone, or fewer than {@code threshold} colluding ones, cannot get an honest
 * peer excluded. Pure: the caller gives the reports and the time.
 */
public record PolluterVerdict(int threshold, Duration reportTtl) {
    public PolluterVerdict {
        if (threshold < 2)
            throw new IllegalArgumentException("polluter threshold must be >= 2: one account must not suffice");
        if (reportTtl.isNegative() || reportTtl.isZero())
            throw new IllegalArgumentException("report ttl must be positive");
    }

    /** Accounts whose latest report on a peer is still fresh at {@code nowMillis}. */
    public int agreeing(Map<String, Long> lastReportByAccount, long nowMillis) {
        long since = nowMillis - reportTtl.toMillis();
        int n = 0;
        for (long at : lastReportByAccount.values()) {
            if (at > since && at <= nowMillis) n++;
        }
        return n;
    }

    /** Whether the peer with these reports is excluded from answers from {@code nowMillis}. */
    public boolean excludes(Map<String, Long> lastReportByAccount, long nowMillis) {
        return agreeing(lastReportByAccount, nowMillis) >= threshold;
    }

    /** Until when an exclusion decided at {@code nowMillis} lasts (then the peer must be reported again). */
    public long excludedUntil(long nowMillis) {
        return nowMillis + reportTtl.toMillis();
    }
}
