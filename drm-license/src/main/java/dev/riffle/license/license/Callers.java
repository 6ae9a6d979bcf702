package dev.riffle.license.license;

import dev.riffle.license.policy.Plan;
import dev.riffle.license.policy.Subscriber;
import dev.riffle.license.session.SessionIds;
import dev.riffle.servicekit.problem.ProblemException;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads the caller and the client's session headers. */
public final class Callers {
    /** Request header naming the client's device (1–64 of {@code [A-Za-z0-9._:-]}); absent = {@code default}. */
    public static final String DEVICE_HEADER = "Riffle-Device-Id";
    /** Request and response header carrying the playback session id. */
    public static final String SESSION_HEADER = "Riffle-Session-Id";
    /** Response header: when the session ends unless renewed (RFC 3339). */
    public static final String SESSION_EXPIRES_HEADER = "Riffle-Session-Expires";
    /** Response header: until when the returned keys may be used (RFC 3339). */
    public static final String LICENSE_EXPIRES_HEADER = "Riffle-License-Expires";

    private Callers() {}

    public static Subscriber subscriber(JsonWebToken jwt) {
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new IllegalStateException("token without sub");
        }
        Optional<Plan> plan = Plan.parse(claim(jwt, "plan"));
        Optional<String> territory = Optional.ofNullable(claim(jwt, "territory"));
        return new Subscriber(sub, plan, territory);
    }

    public static String account(JsonWebToken jwt) {
        String sub = jwt.getSubject();
        return sub != null ? sub : String.valueOf(jwt.getClaim("azp"));
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object v = jwt.getClaim(name);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
        return s;
    }

    public static String device(String header) {
        if (header == null || header.isEmpty()) {
            return SessionIds.DEFAULT_DEVICE;
        }
        if (!SessionIds.validDevice(header)) {
            throw ProblemException.badRequest(
                    "bad-request", DEVICE_HEADER + " must be 1-64 characters of [A-Za-z0-9._:-]");
        }
        return header;
    }

    public static Optional<String> session(String header) {
        if (header == null || header.isEmpty()) {
            return Optional.empty();
        }
        if (!SessionIds.validSession(header)) {
            throw ProblemException.badRequest("bad-request", SESSION_HEADER + " is not a session id");
        }
        return Optional.of(header);
    }
}
