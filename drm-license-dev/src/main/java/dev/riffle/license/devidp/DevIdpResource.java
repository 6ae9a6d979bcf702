package dev.riffle.license.devidp;

import dev.riffle.servicekit.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Development OIDC issuer (single-machine default only; {@code riffle.license.dev-idp.enabled}). Paths mirror
 * Keycloak's under the issuer {@code <base>/dev-idp}: discovery, JWKS ({@code protocol/openid-connect/certs}) and
 * token endpoint ({@code protocol/openid-connect/token}, grants {@code password}, {@code client_credentials}, {@code
 * refresh_token} and the device grant of RFC 8628), device authorization endpoint ({@code
 * protocol/openid-connect/auth/device}; the user approves on {@link DevDevicePage}).
 */
@Path("/dev-idp")
@Tag(name = "dev-idp")
public class DevIdpResource {
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    private final DevIdp idp;
    private final boolean enabled;

    public DevIdpResource(DevIdp idp, DevIdpConfig config) {
        this.idp = idp;
        this.enabled = config.enabled();
    }

    @GET
    @Path("/.well-known/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "OIDC discovery of the development issuer")
    public Map<String, Object> discovery(@Context UriInfo uri) {
        String issuer = issuer(uri);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", issuer);
        d.put("token_endpoint", issuer + "/protocol/openid-connect/token");
        d.put("jwks_uri", issuer + "/protocol/openid-connect/certs");
        d.put("device_authorization_endpoint", issuer + "/protocol/openid-connect/auth/device");
        d.put("grant_types_supported", List.of("password", "client_credentials", "refresh_token", DEVICE_GRANT));
        d.put("response_types_supported", List.of("token"));
        d.put("subject_types_supported", List.of("public"));
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        return d;
    }

    @GET
    @Path("/protocol/openid-connect/certs")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> certs() {
        check();
        return idp.issuer().jwks();
    }

    @POST
    @Path("/protocol/openid-connect/auth/device")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Device authorization (RFC 8628): a device code to poll with, a user code to approve")
    public Response deviceAuthorization(
            @Context UriInfo uri,
            @HeaderParam("Authorization") String authorization,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret,
            @FormParam("code_challenge") String codeChallenge,
            @FormParam("code_challenge_method") String codeChallengeMethod) {
        check();
        String[] basic = basic(authorization);
        if (basic != null) {
            clientId = basic[0];
            clientSecret = basic[1];
        }
        DevRealm.Client client = clientId == null ? null : idp.realm().clients().get(clientId);
        if (client == null || (!client.publicClient() && !matches(client.secret(), clientSecret))) {
            return error(401, "invalid_client", "Invalid client or Invalid client credentials");
        }
        if (!client.deviceGrant()) {
            return error(
                    400,
                    "unauthorized_client",
                    "Client is not allowed to initiate OAuth 2.0 Device Authorization Grant");
        }
        boolean pkce = codeChallenge != null && !codeChallenge.isEmpty();
        if (pkce && !"S256".equals(codeChallengeMethod)) {
            return error(400, "invalid_request", "Invalid parameter: code_challenge_method");
        }
        if (!pkce && client.pkceRequired()) {
            // As Keycloak: a client configured for PKCE S256 needs it on the device grant as well.
            return error(400, "invalid_request", "Missing parameter: code_challenge_method");
        }
        if (pkce && !codeChallenge.matches("[A-Za-z0-9_-]{43}")) {
            return error(400, "invalid_request", "Invalid parameter: code_challenge");
        }
        DeviceGrants.Authorization a = idp.deviceGrants().start(client.clientId(), pkce ? codeChallenge : null);
        String page = issuer(uri) + "/device";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("device_code", a.deviceCode());
        body.put("user_code", a.userCode());
        body.put("verification_uri", page);
        body.put("verification_uri_complete", page + "?user_code=" + a.userCode());
        body.put("expires_in", a.expiresIn());
        body.put("interval", a.interval());
        return Response.ok(body).header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/protocol/openid-connect/token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Token endpoint: grant_type=password (public clients) or client_credentials")
    public Response token(
            @Context UriInfo uri,
            @HeaderParam("Authorization") String authorization,
            @FormParam("grant_type") String grantType,
            @FormParam("client_id") String clientId,
            @FormParam("client_secret") String clientSecret,
            @FormParam("username") String username,
            @FormParam("password") String password,
            @FormParam("device_code") String deviceCode,
            @FormParam("code_verifier") String codeVerifier,
            @FormParam("refresh_token") String refreshToken) {
        check();
        String[] basic = basic(authorization);
        if (basic != null) {
            clientId = basic[0];
            clientSecret = basic[1];
        }
        DevRealm.Client client = clientId == null ? null : idp.realm().clients().get(clientId);
        if (client == null) {
            return error(401, "invalid_client", "Invalid client or Invalid client credentials");
        }
        if (!client.publicClient() && !matches(client.secret(), clientSecret)) {
            return error(401, "unauthorized_client", "Invalid client or Invalid client credentials");
        }
        if ("password".equals(grantType)) {
            if (!client.directGrants()) {
                return error(400, "unauthorized_client", "Client not allowed for direct access grants");
            }
            Optional<DevRealm.User> user = Optional.ofNullable(username)
                    .map(idp.realm().users()::get)
                    .filter(u -> u.serviceAccountOf().isEmpty());
            if (user.isEmpty() || !matches(user.get().password(), password)) {
                return error(400, "invalid_grant", "Invalid user credentials");
            }
            return issued(idp.issuer().issue(issuer(uri), user.get(), client), refresh(user.get(), client));
        }
        if (DEVICE_GRANT.equals(grantType)) {
            if (!client.deviceGrant()) {
                return error(400, "unauthorized_client", "Client not allowed for the device grant");
            }
            DeviceGrants.Poll poll = idp.deviceGrants().poll(deviceCode, client.clientId(), codeVerifier);
            if (poll instanceof DeviceGrants.Poll.Approved a) {
                DevRealm.User user = idp.realm().users().get(a.username());
                return issued(idp.issuer().issue(issuer(uri), user, client), refresh(user, client));
            }
            if (poll instanceof DeviceGrants.Poll.Pending) {
                return error(400, "authorization_pending", "The authorization request is still pending");
            }
            if (poll instanceof DeviceGrants.Poll.SlowDown) {
                return error(400, "slow_down", "Slow down");
            }
            if (poll instanceof DeviceGrants.Poll.BadVerifier) {
                return error(400, "invalid_grant", "PKCE verification failed");
            }
            if (poll instanceof DeviceGrants.Poll.Denied) {
                return error(400, "access_denied", "The end user denied the authorization request");
            }
            return error(400, "expired_token", "Device code is expired or unknown");
        }
        if ("refresh_token".equals(grantType)) {
            Optional<DevRealm.User> user = idp.refreshTokens()
                    .redeem(refreshToken, client.clientId())
                    .map(e -> idp.realm().users().get(e.username()));
            if (user.isEmpty()) {
                return error(400, "invalid_grant", "Invalid refresh token");
            }
            return issued(idp.issuer().issue(issuer(uri), user.get(), client), refresh(user.get(), client));
        }
        if ("client_credentials".equals(grantType)) {
            Optional<DevRealm.User> account = idp.realm().serviceAccountOf(client.clientId());
            if (client.publicClient() || !client.serviceAccounts() || account.isEmpty()) {
                return error(400, "unauthorized_client", "Client not enabled to retrieve service account");
            }
            return issued(idp.issuer().issue(issuer(uri), account.get(), client), null);
        }
        return error(400, "unsupported_grant_type", "Unsupported grant_type");
    }

    private void check() {
        if (!enabled) {
            throw ProblemException.notFound("not-found", "the development issuer is disabled");
        }
    }

    private String issuer(UriInfo uri) {
        check();
        return uri.getBaseUri().toString().replaceAll("/+$", "") + "/dev-idp";
    }

    /** A refresh token for a user of a public client, as Keycloak gives with the password and device grants. */
    private String refresh(DevRealm.User user, DevRealm.Client client) {
        return idp.refreshTokens().issue(user.username(), client.clientId());
    }

    private Response issued(DevTokenIssuer.Issued t, String refreshToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", t.accessToken());
        body.put("expires_in", t.expiresIn());
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
            body.put("refresh_expires_in", idp.refreshTokens().lifespan().toSeconds());
        }
        body.put("token_type", "Bearer");
        body.put("scope", "openid profile email");
        return Response.ok(body)
                .header("Cache-Control", "no-store")
                .type(MediaType.APPLICATION_JSON)
                .build();
    }

    private static Response error(int status, String error, String description) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", error, "error_description", description))
                .build();
    }

    static boolean matches(Optional<String> expected, String given) {
        return expected.isPresent()
                && given != null
                && MessageDigest.isEqual(
                        expected.get().getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
