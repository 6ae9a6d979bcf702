package dev.riffle.agent.transport;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the ICE candidates peers sent us by type (host, srflx, prflx, relay): what a peer learns of another is exactly
 * these, so relay-only mode is shown by peers seeing relay candidates only. Thread-safe.
 */
public final class CandidateTypes {
    /** RFC 8839: {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...}. */
    private static final Pattern TYPE = Pattern.compile("(?:^|\\s)typ\\s+(host|srflx|prflx|relay)(?:\\s|$)");

    private static final String[] NAMES = {"host", "srflx", "prflx", "relay"};
    private final AtomicLongArray counts = new AtomicLongArray(NAMES.length);

    /** Counts every candidate in {@code sdp}: one candidate line, or a whole description with {@code a=candidate:} lines. */
    void seen(String sdp) {
        for (String line : sdp.split("\r?\n")) {
            if (!line.contains("candidate:")) continue;
            Matcher m = TYPE.matcher(line);
            if (!m.find()) continue;
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(m.group(1))) counts.incrementAndGet(i);
            }
        }
    }

    /** Candidates seen so far per type, every type named (0 when none). */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        for (int i = 0; i < NAMES.length; i++) out.put(NAMES[i], counts.get(i));
        return out;
    }
}
