package dev.riffle.e2e.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The edge's access log: one {@link Entry} per request, with nginx's cache status and the origin's bytes. */
public record EdgeLog(List<Entry> entries) {
    private static final Pattern LINE =
            Pattern.compile("(\\S+) (\\S+) (\\d{3}) (\\S+) (\\d+) (\\S+) \"([^\"]*)\" \"([^\"]*)\"");

    /**
     * One request.
     *
     * @param cacheStatus {@code HIT}, {@code MISS}, {@code EXPIRED}, {@code STALE}, {@code UPDATING}, {@code
     *     REVALIDATED}, {@code BYPASS}, or {@code -} when the location does not cache
     * @param bytesSent body bytes sent to the client
     * @param originBytes bytes received from the origin for this request (headers included; 0 when none was asked)
     */
    public record Entry(
            String method, String uri, int status, String cacheStatus, long bytesSent, long originBytes, String range) {
        public boolean isSegment() {
            return uri.endsWith(".ts") || uri.endsWith(".vtt");
        }

        public boolean cached() {
            return !cacheStatus.equals("-");
        }
    }

    public EdgeLog {
        entries = List.copyOf(entries);
    }

    static EdgeLog parse(List<String> lines) {
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) throw new IllegalArgumentException("unexpected access log line: " + line);
            out.add(new Entry(
                    m.group(1),
                    m.group(2),
                    Integer.parseInt(m.group(3)),
                    m.group(4),
                    Long.parseLong(m.group(5)),
                    originBytes(m.group(6)),
                    m.group(7).equals("-") ? "" : m.group(7)));
        }
        return new EdgeLog(out);
    }

    /** {@code $upstream_bytes_received} is "-" without an upstream, and "a, b" or "a : b" over several. */
    private static long originBytes(String field) {
        long sum = 0;
        for (String part : field.split("[,: ]+")) if (!part.isEmpty() && !part.equals("-")) sum += Long.parseLong(part);
        return sum;
    }

    public List<Entry> matching(Predicate<Entry> p) {
        return entries.stream().filter(p).toList();
    }

    /** Log lines after the first {@code n}: what happened since an earlier look. */
    public EdgeLog since(int n) {
        return new EdgeLog(entries.subList(Math.min(n, entries.size()), entries.size()));
    }

    public int size() {
        return entries.size();
    }

    public long bytesSent() {
        return entries.stream().mapToLong(Entry::bytesSent).sum();
    }

    public long originBytes() {
        return entries.stream().mapToLong(Entry::originBytes).sum();
    }
}
