package dev.riffle.license.license;

import dev.riffle.license.config.LicenseConfig;
import dev.riffle.license.keys.ContentKey;
import dev.riffle.license.keys.Kid;
import dev.riffle.license.policy.Subscriber;
import dev.riffle.servicekit.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * License APIs for subscribers. Optional request headers {@code Riffle-Device-Id} and {@code Riffle-Session-Id}; the
 * response names the session ({@code Riffle-Session-Id}, {@code Riffle-Session-Expires}) and the license expiry
 * ({@code Riffle-License-Expires}). Denials: 403 problem JSON with reason {@code plan}, {@code territory}, {@code
 * window}, {@code concurrent_streams}, {@code devices} or {@code unknown_key}.
 */
@Path("/v1")
@RolesAllowed("subscriber")
@Tag(name = "license")
public class LicenseResource {
    private final LicenseService licenses;
    private final JsonWebToken jwt;
    private final LicenseConfig config;
    private final Timer clearKeyTimer;
    private final Timer hlsTimer;

    public LicenseResource(LicenseService licenses, JsonWebToken jwt, LicenseConfig config, MeterRegistry registry) {
        this.licenses = licenses;
        this.jwt = jwt;
        this.config = config;
        this.clearKeyTimer = Timer.builder("riffle.license.request")
                .tag("endpoint", "clearkey")
                .publishPercentileHistogram()
                .register(registry);
        this.hlsTimer = Timer.builder("riffle.license.request")
                .tag("endpoint", "hls_key")
                .publishPercentileHistogram()
                .register(registry);
    }

    @POST
    @Path("/license/clearkey")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "W3C ClearKey license: {kids,type} → JWK set of the entitled keys")
    public Response clearKey(
            ClearKeyRequest request,
            @HeaderParam(Callers.DEVICE_HEADER) String device,
            @HeaderParam(Callers.SESSION_HEADER) String session) {
        Timer.Sample sample = Timer.start();
        try {
            if (request == null || request.kids() == null || request.kids().isEmpty()) {
                throw ProblemException.badRequest("bad-request", "kids must list at least one key id");
            }
            if (request.type() != null && !request.type().equals("temporary")) {
                throw ProblemException.badRequest("unsupported_type", "only \"temporary\" licenses are issued");
            }
            if (request.kids().size() > config.maxKidsPerRequest()) {
                throw ProblemException.badRequest(
                        "bad-request", "at most " + config.maxKidsPerRequest() + " kids per request");
            }
            List<Kid> kids = new ArrayList<>();
            for (String k : new HashSet<>(request.kids())) {
                kids.add(kid(k));
            }
            Subscriber who = Callers.subscriber(jwt);
            LicenseService.Grant grant =
                    licenses.license("clearkey", who, kids, Callers.session(session), Callers.device(device));
            List<ClearKeyResponse.Jwk> jwks = new ArrayList<>();
            for (ContentKey key : grant.keys()) {
                jwks.add(new ClearKeyResponse.Jwk("oct", key.kid().value(), key.keyBase64Url()));
            }
            return withGrantHeaders(Response.ok(new ClearKeyResponse(jwks, "temporary")), grant)
                    .build();
        } finally {
            sample.stop(clearKeyTimer);
        }
    }

    @GET
    @Path("/keys/{kid}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Raw 16-byte key for HLS EXT-X-KEY METHOD=AES-128")
    public Response hlsKey(
            @PathParam("kid") String kid,
            @HeaderParam(Callers.DEVICE_HEADER) String device,
            @HeaderParam(Callers.SESSION_HEADER) String session) {
        Timer.Sample sample = Timer.start();
        try {
            Kid parsed = kid(kid);
            LicenseService.Grant grant = licenses.license(
                    "hls_key",
                    Callers.subscriber(jwt),
                    List.of(parsed),
                    Callers.session(session),
                    Callers.device(device));
            return withGrantHeaders(Response.ok(grant.keys().get(0).key()), grant)
                    .type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .build();
        } finally {
            sample.stop(hlsTimer);
        }
    }

    private static Response.ResponseBuilder withGrantHeaders(Response.ResponseBuilder r, LicenseService.Grant grant) {
        return r.header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .header(Callers.SESSION_HEADER, grant.session().id())
                .header(
                        Callers.SESSION_EXPIRES_HEADER,
                        grant.session().expiresAt().toString())
                .header(Callers.LICENSE_EXPIRES_HEADER, grant.expiresAt().toString());
    }

    static Kid kid(String text) {
        try {
            return Kid.parse(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("malformed_kid", e.getMessage());
        }
    }
}
