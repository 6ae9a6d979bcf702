package dev.riffle.tracker.polluter;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Polluter reports and exclusions, shared by every tracker replica (Redis) or kept by one (memory). Accounts are
 * stored by their tag, never their subject. What the reports mean is decided by {@link PolluterVerdict}.
 */
public interface PolluterStore extends AutoCloseable {
    /** Most accounts kept per reported peer: far above any threshold, so a flood of accounts costs bounded space. */
    int MAX_ACCOUNTS_PER_PEER = 64;

    /**
     * Records that {@code account} reported {@code offender} at {@code nowMillis}, forgets reports older than {@code
     * keepMillis}, and returns every account's latest report time on that peer.
     */
    CompletionStage<Map<String, Long>> record(String offender, String account, long nowMillis, long keepMillis);

    /** Excludes {@code offender} from answers from {@code nowMillis} until {@code untilMillis}. */
    CompletionStage<Void> exclude(String offender, long nowMillis, long untilMillis);

    /** The peers excluded at {@code nowMillis}. */
    CompletionStage<Set<String>> excluded(long nowMillis);

    @Override
    void close();
}
