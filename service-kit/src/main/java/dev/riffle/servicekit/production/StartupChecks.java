package dev.riffle.servicekit.production;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The development defaults a service refuses to start with in production, collected so that one failed start names
 * every one of them. Pure: the service hands in its settings.
 *
 * <pre>{@code
 * new StartupChecks("tracker-service")
 *         .issuer("quarkus.oidc.auth-server-url", config.issuer())
 *         .refuseIf(store.equals("memory"), "riffle.tracker.store.kind=memory: replicas need the Redis store")
 *         .enforce();
 * }</pre>
 */
public final class StartupChecks {
    /** The Quarkus profile of real deployments (the jar's default {@code prod} profile is the single-machine mode). */
    public static final String PROFILE = "production";

    private final String service;
    private final List<String> violations = new ArrayList<>();

    public StartupChecks(String service) {
        this.service = service;
    }

    public StartupChecks refuseIf(boolean bad, String what) {
        if (bad) violations.add(what);
        return this;
    }

    /**
     * Refuses a missing issuer, and drm-license's development issuer (any URL whose path ends in {@code /dev-idp}).
     */
    public StartupChecks issuer(String setting, String url) {
        refuseIf(
                url == null || url.isBlank(),
                setting + " is not set: point it at the Keycloak realm (…/realms/riffle)");
        return refuseIf(
                developmentIssuer(url),
                setting + "=" + url + " is the development issuer: point it at the Keycloak realm (…/realms/riffle)");
    }

    public static boolean developmentIssuer(String url) {
        if (url == null || url.isBlank()) return false;
        String path;
        try {
            path = URI.create(url.strip()).getPath();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (path == null) return false;
        String p = path.toLowerCase(Locale.ROOT).replaceAll("/+$", "");
        return p.endsWith("/dev-idp");
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Throws, naming every violation, when there is any. */
    public void enforce() {
        if (!violations.isEmpty()) throw new RefusedStart(service, violations);
    }

    /** A production start refused; the message lists what to change. */
    public static final class RefusedStart extends IllegalStateException {
        RefusedStart(String service, List<String> violations) {
            super(service + " refuses to start in the production profile: " + String.join("; ", violations));
        }
    }
}
