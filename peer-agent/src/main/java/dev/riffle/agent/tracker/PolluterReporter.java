package dev.riffle.agent.tracker;

import dev.riffle.agent.scheduler.PeerId;
import dev.riffle.agent.session.BadSegment;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Tells the tracker of each peer this agent banned for bad bytes ({@code POST /v1/reports/polluters}), with the
 * evidence. Best effort and bounded: bans are rare, and while {@value #MAX_IN_FLIGHT} reports are unanswered further
 * ones are dropped rather than queued.
 *
 * <pre>
 * {"peerId":"<us>","offender":"<them>","swarm":"<swarm hex>","segment":12,"expected":"<sha-256 hex>","received":"<sha-256 hex>"}
 * </pre>
 */
public final class PolluterReporter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolluterReporter.class.getName());
    static final int MAX_IN_FLIGHT = 8;

    private final TrackerAuth auth;
    private final TrackerSettings settings;
    private final WebClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closed;

    public PolluterReporter(Vertx vertx, TrackerAuth auth, TrackerSettings settings) {
        this.auth = auth;
        this.settings = settings;
        this.http = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int)
                        auth.httpTimeout().toMillis()));
    }

    /** Reports accepted by the tracker so far. */
    public long accepted() {
        return accepted.get();
    }

    static JsonObject body(PeerId self, PeerId offender, BadSegment evidence) {
        return new JsonObject()
                .put("peerId", self.value())
                .put("offender", offender.value())
                .put("swarm", evidence.swarm().hex())
                .put("segment", evidence.segment())
                .put("expected", evidence.expected().hex())
                .put("received", evidence.received().hex());
    }

    /** Sends one report, unless closed or too many are unanswered. */
    public void report(PeerId offender, BadSegment evidence) {
        if (closed) return;
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            LOG.fine(() -> "polluter report on " + offender + " dropped: too many unanswered");
            return;
        }
        http.postAbs(settings.resolve("/v1/reports/polluters").toString())
                .putHeader("Authorization", "Bearer " + auth.token().get())
                .timeout(auth.httpTimeout().toMillis())
                .sendJsonObject(body(auth.id(), offender, evidence))
                .onComplete(r -> {
                    inFlight.decrementAndGet();
                    if (r.succeeded() && r.result().statusCode() == 202) accepted.incrementAndGet();
                    else if (r.succeeded()) {
                        LOG.warning("tracker refused a polluter report: "
                                + r.result().statusCode() + " " + r.result().bodyAsString());
                    } else LOG.fine(() -> "polluter report failed: " + r.cause().getMessage());
                });
    }

    @Override
    public void close() {
        closed = true;
        http.close();
    }
}
