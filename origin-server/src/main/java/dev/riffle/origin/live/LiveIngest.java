package dev.riffle.origin.live;

import dev.riffle.origin.catalog.CatalogStore;
import dev.riffle.origin.catalog.Title;
import dev.riffle.origin.catalog.TitleStatus;
import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.keys.ContentKeySource;
import dev.riffle.origin.keys.KeySourceException;
import dev.riffle.origin.keys.TitlePolicy;
import dev.riffle.origin.live.rtmp.RtmpConnection;
import dev.riffle.origin.manifest.ManifestService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The live channels on this origin: who may push (stream key, one pusher per channel, a cap on channels on air), the
 * run of each push ({@link LiveSession}), the served window of each channel, and the state operators and the
 * catalogue see. Blocking calls (ffmpeg start, drm-license) happen on worker threads; the RTMP shell calls in here.
 */
@ApplicationScoped
public class LiveIngest {
    private static final Logger LOG = Logger.getLogger(LiveIngest.class);

    /** The answer to a pusher's {@code publish}. */
    public sealed interface Decision permits Accepted, Refused {}

    /** Go ahead: the push feeds this run. */
    public record Accepted(String channelId, Run run) implements Decision {}

    /** No: {@code code} and {@code reason} go back to the pusher as an RTMP error status. */
    public record Refused(String code, String reason) implements Decision {}

    /** The handle the RTMP shell holds for an accepted push. */
    public final class Run {
        private final String channelId;
        private final LiveSession session;

        private Run(String channelId, LiveSession session) {
            this.channelId = channelId;
            this.session = session;
        }

        /** Event loop: one media message; false when it must be dropped (packager stuck or run over). */
        public boolean media(RtmpConnection.Media m) {
            boolean ok = session.offer(m);
            if (ok) mediaMessages.increment();
            return ok;
        }

        public long lastMediaNanos() {
            return session.lastMediaNanos();
        }

        /** Worker thread: the push is over, cleanly (unpublished) or not (connection lost, silence). */
        public void end(boolean clean) {
            LiveIngest.this.end(channelId, this, clean);
        }
    }

    private final LiveChannelStore channels;
    private final CatalogStore catalog;
    private final ContentKeySource keys;
    private final ManifestService manifests;
    private final OriginConfig config;
    private final InstantSource clock;
    private final Map<String, LiveWindow> windows = new ConcurrentHashMap<>();
    private final Map<String, Run> onAir = new ConcurrentHashMap<>();
    private final io.micrometer.core.instrument.Counter mediaMessages;

    @Inject
    public LiveIngest(
            LiveChannelStore channels,
            CatalogStore catalog,
            ContentKeySource keys,
            ManifestService manifests,
            OriginConfig config,
            InstantSource clock,
            MeterRegistry metrics) {
        this.channels = channels;
        this.catalog = catalog;
        this.keys = keys;
        this.manifests = manifests;
        this.config = config;
        this.clock = clock;
        this.mediaMessages = io.micrometer.core.instrument.Counter.builder("riffle_origin_live_media_messages_total")
                .description("audio, video and data messages pushed to live channels")
                .register(metrics);
        metrics.gauge("riffle_origin_live_channels_on_air", onAir, Map::size);
        // A channel on air when the origin stopped was cut mid-push.
        for (LiveChannel c : channels.all()) {
            if (c.state() == LiveState.ON_AIR) {
                channels.update(c.id(), x -> x.withState(LiveState.INTERRUPTED)
                        .withLastEvent("the origin restarted while on air"));
            }
        }
    }

    /** Worker thread: decides on a {@code publish} of {@code streamKey}; on yes, the run has started. */
    public synchronized Decision publish(String app, String streamKey) {
        if (!"live".equals(app)) {
            return new Refused(
                    "NetStream.Publish.BadName", "unknown application '" + app + "': push to .../live/<stream key>");
        }
        Optional<LiveChannel> found = channels.byStreamKey(streamKey);
        if (found.isEmpty()) return new Refused("NetStream.Publish.BadName", "wrong stream key");
        LiveChannel c = found.get();
        if (c.state() == LiveState.ENDED) {
            return new Refused("NetStream.Publish.BadName", "channel " + c.id() + " has ended; create a new channel");
        }
        if (onAir.containsKey(c.id())) {
            return new Refused(
                    "NetStream.Publish.BadName", "channel " + c.id() + " is already on air (one pusher at a time)");
        }
        if (onAir.size() >= config.live().maxOnAir()) {
            return new Refused("NetStream.Publish.BadName", "too many channels on air on this origin");
        }
        LiveWindow window = windows.computeIfAbsent(
                c.id(),
                id -> new LiveWindow(id, c.windowMs(), manifests.ring().active().keyId(), manifests::sign));
        LiveSession session = new LiveSession(
                c.id(),
                LiveLadder.parse(c.ladder()),
                window,
                keys,
                clock,
                config.live().segmentDuration(),
                config.live().keyRotation(),
                config.dataDir().resolve("live-work").resolve(c.id()),
                config.ffmpeg().path(),
                config.ffmpeg().preset(),
                new LiveSession.Resume(c.nextIndex(), c.nextTimestampMs()),
                r -> channels.update(
                        c.id(), x -> x.withNextIndex(r.nextIndex()).withNextTimestampMs(r.nextTimestampMs())));
        try {
            session.start();
            setCatalogue(c, TitleStatus.PUBLISHED);
        } catch (IOException | KeySourceException e) {
            LOG.errorf("live %s: could not go on air: %s", c.id(), e.getMessage());
            session.finish(false);
            return new Refused("NetStream.Publish.Failed", "the origin could not start the channel; try again");
        }
        Run run = new Run(c.id(), session);
        onAir.put(c.id(), run);
        var now = clock.instant();
        channels.update(c.id(), x -> x.withState(LiveState.ON_AIR)
                .withOnAirSince(now)
                .withUpdatedAt(now)
                .withLastEvent("on air"));
        LOG.infof("live %s: on air", c.id());
        return new Accepted(c.id(), run);
    }

    /** Operator: ends the channel for good; a pusher still connected is cut after its last segment. */
    public LiveChannel stop(String channelId) {
        LiveChannel c = channels.require(channelId);
        Run run = onAir.get(channelId);
        if (run != null) {
            end(channelId, run, true);
        } else if (c.state() != LiveState.ENDED) {
            LiveWindow w = windows.get(channelId);
            if (w != null) w.end(clock.instant());
            setCatalogue(c, TitleStatus.UNPUBLISHED);
        }
        var now = clock.instant();
        return channels.update(
                channelId,
                x -> x.withState(LiveState.ENDED).withUpdatedAt(now).withLastEvent("stopped by an operator"));
    }

    private void end(String channelId, Run run, boolean clean) {
        if (!onAir.remove(channelId, run)) return;
        LiveSession.Resume r = run.session.finish(clean);
        var now = clock.instant();
        LiveChannel c = channels.update(channelId, x -> x.withState(clean ? LiveState.ENDED : LiveState.INTERRUPTED)
                .withNextIndex(r.nextIndex())
                .withNextTimestampMs(r.nextTimestampMs())
                .withUpdatedAt(now)
                .withLastEvent(clean ? "the pusher ended the stream" : "the push was interrupted"));
        if (clean) setCatalogue(c, TitleStatus.UNPUBLISHED);
        LOG.infof("live %s: %s", channelId, clean ? "ended" : "interrupted");
    }

    /** The served window of a channel that has been on air since this origin started. */
    public Optional<LiveWindow> window(String channelId) {
        return Optional.ofNullable(windows.get(channelId));
    }

    public boolean isOnAir(String channelId) {
        return onAir.containsKey(channelId);
    }

    /** The catalogue lists a channel while it is on air; drm-license licenses it only then. */
    void setCatalogue(LiveChannel c, TitleStatus status) {
        var now = clock.instant();
        Title t = catalog.update(c.id(), x -> x.withStatus(status, now));
        try {
            keys.pushPolicy(c.id(), TitlePolicy.of(t, now, OptionalLong.empty()));
        } catch (KeySourceException e) {
            LOG.warnf("live %s: drm-license did not take the policy: %s", c.id(), e.getMessage());
        }
    }

    @PreDestroy
    void stopAll() {
        for (var e : onAir.entrySet()) end(e.getKey(), e.getValue(), false);
    }
}
