package dev.riffle.origin.serve;

/** The answer to a {@code Range} header for a file of a given size; pure. */
public sealed interface ByteRange {
    /** Serve the whole file (no Range, a multi-range or a non-bytes unit, which RFC 9110 lets us ignore). */
    record Full() implements ByteRange {}

    /** Serve bytes {@code first..last} inclusive with 206. */
    record Partial(long first, long last) implements ByteRange {
        public long length() {
            return last - first + 1;
        }
    }

    /** 416 with {@code Content-Range: bytes *}{@code /size}. */
    record Unsatisfiable() implements ByteRange {}

    ByteRange FULL = new Full();

    static ByteRange parse(String header, long size) {
        if (header == null) return FULL;
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6)) return FULL;
        String spec = h.substring(6).trim();
        if (spec.indexOf(',') >= 0) return FULL;
        int dash = spec.indexOf('-');
        if (dash < 0) return FULL;
        String a = spec.substring(0, dash).trim();
        String b = spec.substring(dash + 1).trim();
        try {
            if (a.isEmpty()) {
                if (b.isEmpty()) return FULL;
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) return new Unsatisfiable();
                return new Partial(Math.max(0, size - suffix), size - 1);
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
            if (last < first) return FULL; // syntactically invalid: ignore the header
            if (first >= size) return new Unsatisfiable();
            return new Partial(first, Math.min(last, size - 1));
        } catch (NumberFormatException e) {
            return FULL;
        }
    }
}
