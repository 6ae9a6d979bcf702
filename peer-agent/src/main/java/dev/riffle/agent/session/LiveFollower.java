package dev.riffle.agent.session;

import io.vertx.core.Vertx;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Keeps a live channel's manifest at the edge: one long poll per rendition for the verified updates after the newest
 * segment known, merged as they come (the fetch loop runs at once, so a new segment is pulled the moment it is
 * announced). A gap reloads the whole window; a refused update (a forgery, another channel) or an unreachable edge
 * waits a second and asks again. Runs on the session's context; stops at the channel's end or when closed.
 */
final class LiveFollower {
    private static final Logger LOG = Logger.getLogger(LiveFollower.class.getName());
    private static final long RETRY_MS = 1_000;

    private final Vertx vertx;
    private final Executor onSession;
    private final TitleManifest manifests;
    private final LiveSource source;
    private final InstantSource clock;
    private final Runnable grew;
    private final Set<String> polling = new HashSet<>();
    private boolean reloading;
    private boolean closed;

    LiveFollower(
            Vertx vertx,
            Executor onSession,
            TitleManifest manifests,
            LiveSource source,
            InstantSource clock,
            Runnable grew) {
        this.vertx = vertx;
        this.onSession = onSession;
        this.manifests = manifests;
        this.source = source;
        this.clock = clock;
        this.grew = grew;
    }

    /** Session context. */
    void start() {
        manifests.current().renditions().forEach(r -> poll(r.id()));
    }

    void close() {
        closed = true;
    }

    private void poll(String rendition) {
        if (closed || manifests.current().live().ended() || !polling.add(rendition)) return;
        long askedAt = clock.millis();
        source.updates(manifests.titleId(), rendition, manifests.newest(rendition))
                .onComplete(res -> onSession.execute(() -> {
                    polling.remove(rendition);
                    if (closed) return;
                    if (res.failed()) {
                        LOG.fine(() -> "live updates of " + manifests.titleId() + "/" + rendition + ": "
                                + res.cause().getMessage());
                        later(rendition);
                        return;
                    }
                    if (res.result().isEmpty()) {
                        // No new segment: the long poll ran out, or the channel ended (its end is in the window
                        // manifest, not in an update), or the edge is busy. Look at the window, not more often than
                        // once a second.
                        reload(clock.millis() - askedAt < RETRY_MS);
                        return;
                    }
                    try {
                        boolean added = false;
                        for (var update : res.result()) {
                            TitleManifest.Merged m = manifests.merge(update, clock.millis());
                            if (m == TitleManifest.Merged.GAP) {
                                reload(false);
                                return;
                            }
                            added |= m == TitleManifest.Merged.GREW;
                        }
                        if (added) grew.run();
                        poll(rendition);
                    } catch (RuntimeException e) {
                        LOG.warning("live update of " + manifests.titleId() + " refused: " + e.getMessage());
                        later(rendition);
                    }
                }));
    }

    private void later(String rendition) {
        vertx.setTimer(RETRY_MS, id -> onSession.execute(() -> poll(rendition)));
    }

    /** Loads the whole window, then polls again (after a pause when {@code pause}, or when the load failed). */
    private void reload(boolean pause) {
        if (reloading) return;
        reloading = true;
        source.window(manifests.titleId())
                .onComplete(res -> onSession.execute(() -> {
                    reloading = false;
                    if (closed) return;
                    try {
                        if (res.succeeded()) {
                            manifests.replace(res.result(), clock.millis());
                            grew.run();
                        }
                    } catch (RuntimeException e) {
                        LOG.warning("live window of " + manifests.titleId() + " refused: " + e.getMessage());
                    }
                    if (res.failed() || pause) {
                        vertx.setTimer(RETRY_MS, id -> onSession.execute(this::start));
                    } else {
                        start();
                    }
                }));
    }
}
