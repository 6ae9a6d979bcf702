package dev.riffle.origin.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.riffle.origin.catalog.CatalogStore;
import dev.riffle.origin.catalog.Title;
import dev.riffle.origin.catalog.TitleMetadata;
import dev.riffle.origin.catalog.TitleStatus;
import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.keys.ContentKeySource;
import dev.riffle.origin.keys.KeySourceException;
import dev.riffle.origin.keys.TitlePolicy;
import dev.riffle.origin.live.rtmp.RtmpServer;
import dev.riffle.origin.store.Ids;
import dev.riffle.servicekit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Operators create, watch and stop live channels; the catalogue lists a channel while it is on air. */
@Path("/v1/live")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("operator")
public class LiveResource {
    private static final long MIN_WINDOW_S = 10;
    private static final long MAX_WINDOW_S = 6 * 3600;

    @Inject
    LiveChannelStore channels;

    @Inject
    LiveIngest ingest;

    @Inject
    CatalogStore catalog;

    @Inject
    ContentKeySource keys;

    @Inject
    RtmpServer rtmp;

    @Inject
    OriginConfig config;

    @Inject
    InstantSource clock;

    private final SecureRandom random = new SecureRandom();

    /** Body of {@code POST /v1/live}. */
    public record CreateChannelRequest(
            String name,
            String summary,
            String requiredPlan,
            List<String> territories,
            Long windowSeconds,
            List<String> ladder) {}

    /** A channel as operators see it; {@code streamKey} only in the answer that created it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ChannelView(
            String id,
            String name,
            String state,
            String ingestUrl,
            String streamKey,
            String pushUrl,
            long windowSeconds,
            List<String> ladder,
            String playlistPath,
            long segmentsPublished,
            Instant onAirSince,
            String lastEvent) {}

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a live channel: answers its ingest URL and stream key (shown only here)")
    public Response create(CreateChannelRequest req) {
        if (req == null) throw ProblemException.badRequest("invalid-metadata", "a JSON body is required");
        TitleMetadata m = new TitleMetadata(
                        req.name(), req.summary(), req.requiredPlan(), req.territories(), null, null)
                .validated();
        long window = req.windowSeconds() == null ? config.live().window().toSeconds() : req.windowSeconds();
        if (window < MIN_WINDOW_S || window > MAX_WINDOW_S) {
            throw ProblemException.badRequest(
                    "invalid-live", "windowSeconds must be between " + MIN_WINDOW_S + " and " + MAX_WINDOW_S);
        }
        LiveLadder ladder;
        try {
            ladder = LiveLadder.parse(req.ladder() == null ? config.live().ladder() : req.ladder());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-live", "ladder: " + e.getMessage());
        }
        Instant now = clock.instant();
        String id = Ids.newId();
        String key = StreamKeys.generate(random);
        Title t = Title.created(id, m, TitleStatus.UNPUBLISHED, "live", ladder.names(), now);
        catalog.save(t);
        try {
            // drm-license must know the channel before anyone asks for a session or a key (closed until on air)
            keys.pushPolicy(id, TitlePolicy.of(t, now, OptionalLong.empty()));
        } catch (KeySourceException e) {
            throw new ProblemException(
                    503, "license-unavailable", "drm-license did not take the channel's policy: " + e.getMessage());
        }
        LiveChannel c = channels.save(new LiveChannel(
                id,
                m.name(),
                StreamKeys.hash(key),
                Duration.ofSeconds(window).toMillis(),
                ladder.specs(),
                LiveState.IDLE,
                0,
                0,
                now,
                now,
                null,
                "created"));
        return Response.created(URI.create("/v1/live/" + id))
                .entity(view(c, key))
                .build();
    }

    @GET
    @Operation(summary = "Every live channel, newest first")
    public List<ChannelView> list() {
        return channels.all().stream()
                .sorted(Comparator.comparing(LiveChannel::createdAt).reversed())
                .map(c -> view(c, null))
                .toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A channel's state (idle, on-air, interrupted, ended) and progress")
    public ChannelView status(@PathParam("id") String id) {
        return view(channels.require(id), null);
    }

    @POST
    @Path("/{id}/stop")
    @Operation(summary = "End the channel: its pusher is cut after its last segment; no push is taken after")
    public ChannelView stop(@PathParam("id") String id) {
        return view(ingest.stop(id), null);
    }

    private ChannelView view(LiveChannel c, String key) {
        String ingestUrl = rtmp.ingestUrl().toString();
        return new ChannelView(
                c.id(),
                c.name(),
                c.state().json(),
                ingestUrl,
                key,
                key == null ? null : ingestUrl + "/" + key,
                c.windowMs() / 1000,
                c.ladder(),
                "/content/" + c.id() + "/master.m3u8",
                c.nextIndex(),
                c.onAirSince(),
                c.lastEvent());
    }
}
