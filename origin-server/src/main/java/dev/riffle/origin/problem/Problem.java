package dev.riffle.origin.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/** RFC 7807 problem details. {@code type} is a stable reason URI clients can switch on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String BASE = "https://riffle.dev/problems/";

    public static Problem of(int status, String reason, String title, String detail) {
        return new Problem(BASE + reason, title, status, detail, null);
    }
}
