package dev.riffle.tracker.polluter;

import dev.riffle.servicekit.problem.ProblemException;
import dev.riffle.tracker.admission.PeerIds;
import dev.riffle.tracker.config.TrackerConfig;
import dev.riffle.tracker.stats.TrackerMetrics;
import dev.riffle.tracker.store.SwarmStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.jboss.logging.Logger;

/**
 * Carries out polluter reports: the report must come from the account of its {@code peerId}, and both peers must be in
 * the swarm (nobody reports a peer it cannot have met); then the account's report is recorded and {@link
 * PolluterVerdict} decides. Answers leave excluded peers out, read from a local copy of the exclusions refreshed every
 * second (other replicas' decisions arrive within that).
 */
@ApplicationScoped
public class PolluterService {
    private static final Logger LOG = Logger.getLogger(PolluterService.class);
    private static final long REFRESH_MILLIS = 1000;

    private final PolluterStore store;
    private final SwarmStore swarms;
    private final InstantSource clock;
    private final TrackerMetrics metrics;
    private final PolluterVerdict verdict;
    private Vertx vertx;
    private volatile Set<String> excluded = Set.of();
    private long timer = -1;

    public PolluterService(
            TrackerConfig config, PolluterStore store, SwarmStore swarms, InstantSource clock, TrackerMetrics metrics) {
        this.store = store;
        this.swarms = swarms;
        this.clock = clock;
        this.metrics = metrics;
        this.verdict = new PolluterVerdict(
                config.polluters().threshold(), config.polluters().reportTtl());
    }

    void start(@Observes StartupEvent event, Vertx vertx) {
        this.vertx = vertx;
        timer = vertx.setPeriodic(REFRESH_MILLIS, id -> refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (vertx != null) vertx.cancelTimer(timer);
    }

    /** Whether {@code peerId} is no longer handed out. */
    public boolean isExcluded(String peerId) {
        Set<String> now = excluded;
        return !now.isEmpty() && now.contains(peerId);
    }

    private void refresh() {
        store.excluded(clock.millis()).whenComplete((set, e) -> {
            if (e != null) LOG.warnf("could not read polluter exclusions: %s", e.getMessage());
            else excluded = Set.copyOf(set);
        });
    }

    /** What a counted report led to: the accounts agreeing now, and whether the peer is now excluded. */
    public record Outcome(int accounts, boolean excluded) {}

    /** Checks and records a parsed report by the account {@code subject}; a refusal is a {@link ProblemException}. */
    public CompletionStage<Outcome> report(String subject, PolluterReport report) {
        if (!PeerIds.belongsTo(report.reporter(), subject)) {
            throw refused(403, "peer-id-not-yours", "peerId is bound to another account");
        }
        if (PeerIds.belongsTo(report.offender(), subject)) {
            throw refused(400, "self-report", "an account cannot report its own peers");
        }
        long now = clock.millis();
        return swarms.contains(report.swarm(), report.reporter(), now)
                .thenCombine(swarms.contains(report.swarm(), report.offender(), now), (a, b) -> a && b)
                .thenCompose(bothIn -> {
                    if (!bothIn) {
                        throw refused(409, "not-in-swarm", "reporter and offender must both be in the swarm");
                    }
                    return store.record(
                            report.offender(),
                            PeerIds.accountTag(subject),
                            now,
                            verdict.reportTtl().toMillis());
                })
                .thenCompose(byAccount -> {
                    int accounts = verdict.agreeing(byAccount, now);
                    metrics.polluterReport("counted");
                    if (!verdict.excludes(byAccount, now)) {
                        return java.util.concurrent.CompletableFuture.completedFuture(new Outcome(accounts, false));
                    }
                    return store.exclude(report.offender(), now, verdict.excludedUntil(now))
                            .thenApply(v -> {
                                if (!excluded.contains(report.offender())) {
                                    metrics.polluterExcluded();
                                    Set<String> next = new HashSet<>(excluded);
                                    next.add(report.offender());
                                    excluded = Set.copyOf(next);
                                }
                                return new Outcome(accounts, true);
                            });
                });
    }

    private ProblemException refused(int status, String reason, String detail) {
        metrics.polluterReport("refused");
        metrics.rejected(reason);
        return new ProblemException(status, reason, detail);
    }
}
