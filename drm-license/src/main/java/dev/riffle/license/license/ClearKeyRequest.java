package dev.riffle.license.license;

import java.util.List;

/** W3C ClearKey license request: {@code {"kids":["<base64url>"...],"type":"temporary"}}. */
public record ClearKeyRequest(List<String> kids, String type) {}
