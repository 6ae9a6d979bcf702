package dev.riffle.origin.catalog;

import dev.riffle.origin.config.OriginConfig;
import dev.riffle.origin.ingest.IngestService;
import dev.riffle.origin.ingest.Job;
import dev.riffle.origin.keys.ContentKeySource;
import dev.riffle.origin.keys.KeySourceException;
import dev.riffle.origin.keys.TitlePolicy;
import dev.riffle.origin.manifest.TitleSizes;
import dev.riffle.origin.packaging.PackagingException;
import dev.riffle.origin.packaging.WebVttSegmenter;
import dev.riffle.origin.store.ContentStore;
import dev.riffle.origin.store.Ids;
import dev.riffle.servicekit.problem.Problem;
import dev.riffle.servicekit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The catalogue: operators create and manage titles; anyone lists published ones. */
@Path("/v1/titles")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {
    static final String OPERATOR = "operator";
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");
    private static final Set<String> POSTER_TYPES = Set.of("image/jpeg", "image/png", "image/webp");

    @Inject
    CatalogStore catalog;

    @Inject
    AssetStore assets;

    @Inject
    IngestService ingest;

    @Inject
    ContentKeySource keys;

    @Inject
    ContentStore store;

    @Inject
    OriginConfig config;

    @Inject
    InstantSource clock;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a title; with sourceBytes, also open the upload/ingest job for its source")
    public Response create(CreateTitleRequest req) {
        if (req == null) throw ProblemException.badRequest("invalid-metadata", "a JSON body is required");
        TitleMetadata m = req.metadata().validated();
        var now = clock.instant();
        Title t = Title.created(Ids.newId(), m, TitleStatus.DRAFT, null, List.of(), now);
        Job job = null;
        if (req.sourceBytes() != null) {
            job = ingest.create(t.id(), req.sourceBytes());
            t = t.withJob(job.id(), TitleStatus.DRAFT, now);
        }
        catalog.save(t);
        return Response.created(URI.create("/v1/titles/" + t.id()))
                .entity(created(t, job))
                .build();
    }

    @POST
    @Path("/{id}/uploads")
    @RolesAllowed(OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open an upload/ingest job for a (new) source of an existing title")
    public Response newSource(@PathParam("id") String id, SourceRequest req) {
        Title t = catalog.require(id);
        if (t.liveVersion() != null) {
            // Segment URLs are immutable for weeks in every cache: a packaged title never changes its media.
            throw ProblemException.conflict(
                    "already-packaged", "title " + id + " already has packaged media; create a new title instead");
        }
        if (req == null || req.sourceBytes() == null) {
            throw ProblemException.badRequest("invalid-size", "sourceBytes is required");
        }
        Job job = ingest.create(t.id(), req.sourceBytes());
        t = catalog.update(id, x -> x.withJob(job.id(), x.status(), clock.instant()));
        return Response.status(201).entity(created(t, job)).build();
    }

    /** Body of {@code POST /v1/titles/{id}/uploads}. */
    public record SourceRequest(Long sourceBytes) {}

    private static CreatedTitle created(Title t, Job job) {
        return job == null
                ? new CreatedTitle(TitleView.of(t), null, null, null)
                : new CreatedTitle(TitleView.of(t), job.id(), "/v1/uploads/" + job.id(), "/v1/jobs/" + job.id());
    }

    @GET
    @PermitAll
    @Operation(summary = "List titles, newest first; anonymous and subscriber callers see published titles only")
    public TitlePage list(
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size,
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("plan") String plan,
            @QueryParam("territory") String territory) {
        Optional<TitleStatus> s;
        try {
            s = status == null ? Optional.empty() : Optional.of(TitleStatus.parse(status));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-query", "unknown status '" + status + "'");
        }
        if (!isOperator()) {
            if (s.isPresent() && s.get() != TitleStatus.PUBLISHED) return new TitlePage(List.of(), 0, 1, 0);
            s = Optional.of(TitleStatus.PUBLISHED);
        }
        int p = page == null ? 0 : page;
        int z = size == null ? 20 : size;
        if (p < 0 || z < 1 || z > TitleQuery.MAX_SIZE) {
            throw ProblemException.badRequest(
                    "invalid-query", "page must be >= 0 and size in 1.." + TitleQuery.MAX_SIZE);
        }
        return catalog.query(new TitleQuery(
                Optional.ofNullable(q).filter(x -> !x.isBlank()),
                s,
                Optional.ofNullable(plan),
                Optional.ofNullable(territory),
                p,
                z));
    }

    @GET
    @Path("/{id}")
    @PermitAll
    public TitleView get(@PathParam("id") String id) {
        return TitleView.of(visible(id));
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed(OPERATOR)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change metadata; a published title's policy is pushed to drm-license before it is saved")
    public TitleView update(@PathParam("id") String id, UpdateTitleRequest req) {
        if (req == null) throw ProblemException.badRequest("invalid-metadata", "a JSON body is required");
        Title old = catalog.require(id);
        TitleMetadata m = req.applyTo(old.metadata()).validated();
        Title next = old.withMetadata(m, clock.instant());
        if (next.status() == TitleStatus.PUBLISHED) push(next);
        return TitleView.of(catalog.update(id, x -> x.withMetadata(m, clock.instant())));
    }

    @POST
    @Path("/{id}/unpublish")
    @RolesAllowed(OPERATOR)
    public TitleView unpublish(@PathParam("id") String id) throws IOException {
        Title t = catalog.require(id);
        if (t.status() != TitleStatus.PUBLISHED) {
            throw ProblemException.conflict(
                    "not-published", "title " + id + " is " + t.status().json());
        }
        Title next = t.withStatus(TitleStatus.UNPUBLISHED, clock.instant());
        catalog.save(next); // stop serving first, then tell drm-license
        store.unpublish(id);
        push(next);
        return TitleView.of(next);
    }

    @POST
    @Path("/{id}/publish")
    @RolesAllowed(OPERATOR)
    public TitleView publish(@PathParam("id") String id) throws IOException {
        Title t = catalog.require(id);
        if (t.status() == TitleStatus.PUBLISHED) return TitleView.of(t);
        if (t.liveVersion() == null) {
            throw ProblemException.conflict("no-content", "title " + id + " has no packaged version yet");
        }
        Title next = t.withStatus(TitleStatus.PUBLISHED, clock.instant());
        push(next);
        store.relink(id, t.liveVersion());
        return TitleView.of(catalog.save(next));
    }

    @PUT
    @Path("/{id}/poster")
    @RolesAllowed(OPERATOR)
    @Consumes({"image/jpeg", "image/png", "image/webp"})
    public TitleView putPoster(@PathParam("id") String id, @HeaderParam("Content-Type") String type, InputStream body)
            throws IOException {
        catalog.require(id);
        String mt = type == null ? "" : type.split(";")[0].trim();
        if (!POSTER_TYPES.contains(mt)) {
            throw new ProblemException(415, "unsupported-media-type", "poster must be " + POSTER_TYPES);
        }
        assets.write(assets.poster(id), body, config.upload().maxPosterBytes());
        return TitleView.of(catalog.update(id, t -> t.withPoster(mt, clock.instant())));
    }

    @GET
    @Path("/{id}/poster")
    @PermitAll
    @Produces({"image/jpeg", "image/png", "image/webp", Problem.MEDIA_TYPE})
    public Response getPoster(@PathParam("id") String id) {
        Title t = visible(id);
        java.nio.file.Path p = assets.poster(id);
        if (t.posterType() == null || !Files.isRegularFile(p))
            throw ProblemException.notFound("not-found", "poster '" + id + "' does not exist");
        return Response.ok(p.toFile(), t.posterType())
                .header("Cache-Control", "public, max-age=300")
                .build();
    }

    @PUT
    @Path("/{id}/subtitles/{lang}")
    @RolesAllowed(OPERATOR)
    @Consumes({"text/vtt", "text/plain"})
    @Operation(summary = "Add or replace WebVTT subtitles in one language; used by the next ingest of the title")
    public TitleView putSubtitles(@PathParam("id") String id, @PathParam("lang") String lang, InputStream body)
            throws IOException {
        catalog.require(id);
        if (!LANGUAGE.matcher(lang).matches()) {
            throw ProblemException.badRequest("invalid-language", "language must be a BCP 47 tag like en or pt-BR");
        }
        java.nio.file.Path target = assets.subtitle(id, lang);
        assets.write(target, body, config.upload().maxSubtitleBytes());
        try {
            WebVttSegmenter.parse(Files.readString(target, StandardCharsets.UTF_8));
        } catch (PackagingException | java.nio.charset.MalformedInputException e) {
            Files.deleteIfExists(target);
            throw ProblemException.badRequest("invalid-subtitles", "subtitles must be UTF-8 WebVTT");
        }
        List<String> langs = new ArrayList<>(assets.subtitles(id).keySet());
        return TitleView.of(catalog.update(id, t -> t.withSubtitles(langs, clock.instant())));
    }

    private void push(Title t) {
        try {
            keys.pushPolicy(t.id(), TitlePolicy.of(t, clock.instant(), TitleSizes.live(store, t.id())));
        } catch (KeySourceException e) {
            throw new ProblemException(502, "license-server-unavailable", e.getMessage());
        }
    }

    private Title visible(String id) {
        Title t = catalog.find(id)
                .orElseThrow(() -> ProblemException.notFound("not-found", "title '" + id + "' does not exist"));
        if (t.status() != TitleStatus.PUBLISHED && !isOperator())
            throw ProblemException.notFound("not-found", "title '" + id + "' does not exist");
        return t;
    }

    private boolean isOperator() {
        return identity != null && !identity.isAnonymous() && identity.hasRole(OPERATOR);
    }
}
