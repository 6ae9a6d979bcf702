package dev.riffle.origin.ingest;

import java.util.regex.Pattern;

/**
 * A job's failure reason as operators see it: ffmpeg's and ffprobe's messages name the files they read, which are
 * server paths under the data directory. Each absolute path is shortened to its last element, which still tells the
 * source from a segment; the layout of the server's disks stays on the server (the full text is in its log).
 */
final class FailureTexts {
    /** An absolute path of two or more elements, not inside a word or a URL. */
    private static final Pattern ABSOLUTE_PATH =
            Pattern.compile("(?<![\\w.:/])/(?:[^\\s/:'\"()\\[\\]]+/)+([^\\s/:'\"()\\[\\]]+)");

    private FailureTexts() {}

    static String withoutServerPaths(String text) {
        if (text == null) return null;
        return ABSOLUTE_PATH.matcher(text).replaceAll("$1");
    }
}
