package dev.riffle.admin.origin;

import java.net.URI;

/** Error answers of the origin as sentences for an operator. Pure. */
public final class Problems {
    private Problems() {}

    public static String describe(int status, String reason, String detail, String what, URI origin) {
        String because = detail == null || detail.isBlank() ? "" : ": " + detail;
        return switch (status) {
            case 401 ->
                "the origin refused the credentials (401 unauthorized" + because
                        + "). Sign in again: --token-file with a fresh token, or --user/--password.";
            case 403 -> "forbidden (403): this account lacks the operator role needed for " + what + because;
            case 404 -> "not found (404)" + because;
            case 413 -> "too large (413)" + because;
            case 502, 503, 504 ->
                "the origin at " + origin + " is up but cannot serve " + what + " now (" + status + " " + reason
                        + because + ")";
            default -> what + " failed: " + status + " " + reason + because;
        };
    }
}
