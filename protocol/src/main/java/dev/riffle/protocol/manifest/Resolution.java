package dev.riffle.protocol.manifest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Pixel size of a video rendition, written as {@code "1920x1080"} like HLS RESOLUTION. */
public record Resolution(int width, int height) {
    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,4})x([1-9][0-9]{0,4})");

    public Resolution {
        Checks.range("resolution.width", width, 1, 65_535);
        Checks.range("resolution.height", height, 1, 65_535);
    }

    public static Resolution parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text);
        if (m == null || !m.matches()) {
            throw ManifestException.malformed("resolution must look like 1920x1080");
        }
        return new Resolution(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    public String text() {
        return width + "x" + height;
    }

    @Override
    public String toString() {
        return text();
    }
}
