package dev.riffle.servicekit.problem;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * RFC 7807 problem details, the one error body of every Riffle HTTP API (origin-server, drm-license, tracker-service and
 * the agent's player side).
 *
 * <pre>{@code
 * {"type":"https://riffle.dev/problems/bad-json","title":"Bad Request","status":400,
 *  "detail":"field 'territories': expected an array","reason":"bad-json","field":"territories"}
 * }</pre>
 *
 * {@code reason} is the stable, machine-readable cause clients switch on; {@code type} is {@link #TYPE_BASE} + reason.
 * {@code field} (optional) names the request field at fault. {@code detail} is for people and never carries a stack
 * trace, a token, a key or a server path.
 */
public record Problem(String type, String title, int status, String detail, String reason, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://riffle.dev/problems/";
    private static final Pattern REASON = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) throw new IllegalArgumentException("not an error status: " + status);
        Objects.requireNonNull(reason, "reason");
        if (!REASON.matcher(reason).matches()) throw new IllegalArgumentException("bad reason: " + reason);
    }

    /** A problem titled with the status's reason phrase. */
    public static Problem of(int status, String reason, String detail) {
        return of(status, reason, Statuses.phrase(status), detail);
    }

    public static Problem of(int status, String reason, String title, String detail) {
        return new Problem(TYPE_BASE + reason, title, status, detail, reason, null);
    }

    /** The same problem, naming the request field at fault. */
    public Problem withField(String name) {
        return new Problem(type, title, status, detail, reason, name);
    }

    /** The body, as {@code application/problem+json} (absent members left out). */
    public String toJson() {
        StringBuilder b = new StringBuilder(160);
        b.append('{');
        member(b, "type", type).append(',');
        member(b, "title", title).append(",\"status\":").append(status);
        if (detail != null) member(b.append(','), "detail", detail);
        member(b.append(','), "reason", reason);
        if (field != null) member(b.append(','), "field", field);
        return b.append('}').toString();
    }

    private static StringBuilder member(StringBuilder b, String name, String value) {
        b.append('"').append(name).append("\":\"");
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        return b.append('"');
    }
}
