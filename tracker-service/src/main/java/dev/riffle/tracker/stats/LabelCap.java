package dev.riffle.tracker.stats;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps a label's cardinality bounded: the first {@code max} distinct values are kept as they are, every later one (and
 * anything that is not a short plain token) is reported as {@code other}.
 */
public final class LabelCap {

    public static final String OTHER = "other";
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

    private final int max;
    private final Set<String> admitted = ConcurrentHashMap.newKeySet();

    public LabelCap(int max) {
        this.max = max;
    }

    public String label(String value) {
        if (value == null || !PLAIN.matcher(value).matches()) {
            return OTHER;
        }
        if (admitted.contains(value)) {
            return value;
        }
        synchronized (this) {
            if (admitted.size() < max) {
                admitted.add(value);
                return value;
            }
        }
        return admitted.contains(value) ? value : OTHER;
    }
}
