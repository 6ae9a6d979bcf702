package dev.riffle.license.devidp;

import dev.riffle.servicekit.problem.ProblemException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The development issuer's device verification page ({@code verification_uri} of RFC 8628): a plain form where the
 * user enters the code shown by the device and signs in with a realm user's password to approve (or deny) it. No
 * session, no cookies: one POST decides. The user code is echoed only in its normalized form (letters and a dash), so
 * nothing the caller sends is reflected into the page.
 */
@Path("/dev-idp/device")
@Tag(name = "dev-idp")
@Produces(MediaType.TEXT_HTML)
public class DevDevicePage {
    private final DevIdp idp;
    private final boolean enabled;

    public DevDevicePage(DevIdp idp, DevIdpConfig config) {
        this.idp = idp;
        this.enabled = config.enabled();
    }

    @GET
    @Operation(summary = "Device verification page: enter the user code and sign in to approve")
    public Response page(@QueryParam("user_code") String userCode) {
        check();
        String code = DeviceGrants.normalize(userCode);
        return html(200, "Sign in to Riffle", form(code, ""));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(summary = "Approve or deny a device's user code with a realm user's credentials")
    public Response decide(
            @FormParam("user_code") String userCode,
            @FormParam("username") String username,
            @FormParam("password") String password,
            @FormParam("action") String action) {
        check();
        String code = DeviceGrants.normalize(userCode);
        Optional<String> clientId = idp.deviceGrants().clientOf(code);
        if (clientId.isEmpty()) {
            return html(400, "Unknown code", form("", "That code is unknown or expired."));
        }
        if ("deny".equals(action)) {
            idp.deviceGrants().deny(code);
            return html(200, "Access denied", "<p>The device was not signed in. You can close this page.</p>");
        }
        Optional<DevRealm.User> user = Optional.ofNullable(username)
                .map(idp.realm().users()::get)
                .filter(u -> u.serviceAccountOf().isEmpty())
                .filter(u -> DevIdpResource.matches(u.password(), password));
        if (user.isEmpty()) {
            return html(401, "Sign in to Riffle", form(code, "Invalid username or password."));
        }
        idp.deviceGrants().approve(code, user.get().username());
        return html(200, "Device login successful", "<p>Device login successful. You can close this page.</p>");
    }

    private void check() {
        if (!enabled) {
            throw ProblemException.notFound("not-found", "the development issuer is disabled");
        }
    }

    private static String form(String code, String message) {
        return (message.isEmpty() ? "" : "<p class=\"error\">" + message + "</p>")
                + "<form method=\"post\" action=\"device\">"
                + "<label>Code <input name=\"user_code\" value=\"" + code + "\" autocomplete=\"off\"></label><br>"
                + "<label>Username <input name=\"username\" autocomplete=\"username\"></label><br>"
                + "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label><br>"
                + "<button name=\"action\" value=\"approve\">Sign in and approve</button> "
                + "<button name=\"action\" value=\"deny\">Deny</button></form>";
    }

    private static Response html(int status, String title, String body) {
        String page = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body><h1>"
                + title + "</h1>" + body + "</body></html>";
        return Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", "default-src 'none'; form-action 'self'")
                .entity(page)
                .build();
    }
}
