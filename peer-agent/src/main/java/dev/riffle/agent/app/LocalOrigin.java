package dev.riffle.agent.app;

import java.util.Locale;
import java.util.Set;

/**
 * Who may drive the agent's app API: only its own page. The agent listens on 127.0.0.1, but any web page the
 * subscriber opens can still make the browser send requests there, so:
 *
 * <ul>
 *   <li>every app request must name the agent itself as {@code Host} ({@code 127.0.0.1:port} or
 *       {@code localhost:port}): a page on a name the attacker rebinds to 127.0.0.1 (DNS rebinding) sends its own
 *       name and is refused, reads included;
 *   <li>a request that changes state ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}) must also carry an
 *       {@code Origin} that is the agent's own page. Browsers always send {@code Origin} on such requests, so a
 *       cross-site form or {@code fetch} is refused before anything happens; a script outside a browser adds the
 *       header itself.
 * </ul>
 *
 * The API sends no CORS headers, so other origins cannot read its answers either. Pure.
 */
public final class LocalOrigin {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /** Why a request was refused (the problem type the API answers with), or that it may go on. */
    public enum Verdict {
        ALLOWED,
        FOREIGN_HOST,
        FOREIGN_ORIGIN
    }

    private final Set<String> hosts;
    private final Set<String> origins;

    public LocalOrigin(int port) {
        if (port < 1 || port > 65_535) throw new IllegalArgumentException("port out of range");
        this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port);
        this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port);
    }

    /**
     * @param host the {@code Host} header (null if missing)
     * @param origin the {@code Origin} header (null if missing)
     */
    public Verdict check(String method, String host, String origin) {
        if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) return Verdict.FOREIGN_HOST;
        if (SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) return Verdict.ALLOWED;
        if (origin == null || !origins.contains(origin.toLowerCase(Locale.ROOT))) return Verdict.FOREIGN_ORIGIN;
        return Verdict.ALLOWED;
    }
}
