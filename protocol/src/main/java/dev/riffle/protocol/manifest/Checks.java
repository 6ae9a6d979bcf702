package dev.riffle.protocol.manifest;

import java.util.regex.Pattern;

/** Value rules shared by the manifest records; every failure is a {@link ManifestException} MALFORMED. */
final class Checks {
    /** Ids are safe in URLs, file names, log lines and metric labels. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Relative paths of RFC 3986 unreserved characters and percent escapes; no query, no scheme, no "..". */
    private static final Pattern URI = Pattern.compile("[A-Za-z0-9._~%-]+(/[A-Za-z0-9._~%-]+)*");

    /** Largest integer JSON readers in every language agree on (2^53 - 1); keeps numbers exact everywhere. */
    static final long MAX_JSON_INT = (1L << 53) - 1;

    private Checks() {}

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ManifestException.malformed(field + " must match " + ID.pattern());
        }
        return value;
    }

    static String relativeUri(String field, String value) {
        if (value == null || value.length() > 1024 || !URI.matcher(value).matches()) {
            throw ManifestException.malformed(field + " must be a relative path of unreserved characters");
        }
        for (String part : value.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                throw ManifestException.malformed(field + " must not contain . or .. segments");
            }
        }
        return value;
    }

    static String printable(String field, String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            throw ManifestException.malformed(field + " must be 1.." + maxLength + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw ManifestException.malformed(field + " must be printable ASCII");
            }
        }
        return value;
    }

    static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw ManifestException.malformed(field + " must be in " + min + ".." + max);
        }
        return value;
    }

    static <T> T present(String field, T value) {
        if (value == null) {
            throw ManifestException.malformed(field + " is required");
        }
        return value;
    }
}
