package dev.riffle.origin.serve;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** Conditional-request rules (RFC 9110 §13) for GET/HEAD; pure. */
public final class HttpValidators {
    /** IMF-fixdate, e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter LENIENT = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private HttpValidators() {}

    /**
     * True when the client's copy is current: If-None-Match decides when present (weak comparison, "*" matches);
     * otherwise If-Modified-Since, to the second.
     */
    public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, Instant lastModified) {
        if (ifNoneMatch != null) {
            for (String t : ifNoneMatch.split(",")) {
                String tag = t.trim();
                if (tag.equals("*") || opaque(tag).equals(opaque(etag))) return true;
            }
            return false;
        }
        if (ifModifiedSince != null) {
            try {
                Instant since =
                        ZonedDateTime.parse(ifModifiedSince.trim(), LENIENT).toInstant();
                return !lastModified.truncatedTo(ChronoUnit.SECONDS).isAfter(since);
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    /** If-Range: honour the Range only when the validator still matches (strong ETag or exact date). */
    public static boolean rangeStillValid(String ifRange, String etag, Instant lastModified) {
        if (ifRange == null) return true;
        String v = ifRange.trim();
        if (v.startsWith("\"")) return v.equals(etag);
        if (v.startsWith("W/")) return false;
        return v.equals(httpDate(lastModified));
    }

    public static String httpDate(Instant t) {
        return HTTP_DATE.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
