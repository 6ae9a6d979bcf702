package dev.riffle.license.keys;

import java.util.regex.Pattern;

/** Key labels within a title: 1–64 characters of {@code [A-Za-z0-9._-]}; {@code default} for the title-wide key. */
public final class Labels {
    public static final String DEFAULT = "default";
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Labels() {}

    public static boolean valid(String label) {
        return label != null && SHAPE.matcher(label).matches();
    }

    public static String check(String label) {
        if (!valid(label)) {
            throw new IllegalArgumentException("key label must be 1-64 characters of [A-Za-z0-9._-]");
        }
        return label;
    }
}
