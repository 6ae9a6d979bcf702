package dev.riffle.license.keys;

import java.util.regex.Pattern;

/** Title ids: 1–128 characters of {@code [A-Za-z0-9._-]}, as the origin's catalogue uses them. */
public final class TitleIds {
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private TitleIds() {}

    public static boolean valid(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }

    public static String check(String id) {
        if (!valid(id)) {
            throw new IllegalArgumentException("title id must be 1-128 characters of [A-Za-z0-9._-]");
        }
        return id;
    }
}
