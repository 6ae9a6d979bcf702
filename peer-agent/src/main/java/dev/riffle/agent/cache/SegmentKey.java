package dev.riffle.agent.cache;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A cached segment. Names come from manifests and from peers' requests, so they are checked here to be safe as path
 * components: no separators, no dot-only names.
 */
public record SegmentKey(String titleId, String rendition, long seq) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    public SegmentKey {
        checkName(titleId, "titleId");
        checkName(rendition, "rendition");
        if (seq < 0) throw new IllegalArgumentException("seq < 0");
    }

    static String checkName(String s, String what) {
        Objects.requireNonNull(s, what);
        if (!SAFE.matcher(s).matches()) throw new IllegalArgumentException("bad " + what);
        return s;
    }

    @Override
    public String toString() {
        return titleId + "/" + rendition + "/" + seq;
    }
}
